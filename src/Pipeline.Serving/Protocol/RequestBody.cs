using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Serving.Protocol;

/// <summary>Reads a request body up to a byte limit, so an oversized body becomes a 400 with a message instead of a server error.</summary>
internal static class RequestBody
{
    /// <summary>A body read into a buffer rented from the shared pool; <see cref="Return"/> gives it back once nothing reads it.</summary>
    public readonly struct Lease(byte[] buffer, int length)
    {
        public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

        public void Return() => ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>The body in a pooled buffer, or null when it exceeds <paramref name="maxBytes"/>. Read straight from Kestrel's
    /// <see cref="HttpRequest.BodyReader"/>: a small body has usually arrived with the headers, so this completes without waiting
    /// and allocates nothing.</summary>
    public static async ValueTask<Lease?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var declared = request.ContentLength;
        if (declared > maxBytes) return null;
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            // Kestrel frames the body by Content-Length: the read completes once exactly that many bytes arrived.
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }
            if (result.IsCompleted || result.IsCanceled || buffer.Length == declared)
            {
                var length = (int)buffer.Length;
                var array = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
                buffer.CopyTo(array);
                reader.AdvanceTo(buffer.End);
                return new Lease(array, length);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
