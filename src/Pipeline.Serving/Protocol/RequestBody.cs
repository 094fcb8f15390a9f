using Microsoft.AspNetCore.Http;

namespace Pipeline.Serving.Protocol;

/// <summary>Reads a request body up to a byte limit, so an oversized body becomes a 400 with a message instead of a server error.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > maxBytes) return null;
            // Kestrel frames the body by Content-Length: exactly that many bytes arrive, so read them and stop (no probe read).
            var exact = new byte[(int)declared];
            var filled = 0;
            while (filled < exact.Length)
            {
                var n = await request.Body.ReadAsync(exact.AsMemory(filled), ct).ConfigureAwait(false);
                if (n == 0) break;
                filled += n;
            }
            return exact.AsMemory(0, filled);
        }
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= maxBytes)
                {
                    // Full at the limit: one more byte means too large.
                    var probe = new byte[1];
                    if (await request.Body.ReadAsync(probe, ct).ConfigureAwait(false) > 0) return null;
                    break;
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes));
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
        }
        return buffer.AsMemory(0, length);
    }
}
