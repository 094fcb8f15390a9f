using Microsoft.AspNetCore.Http.Features;

namespace Pipeline.Gateway.Proxy;

/// <summary>
/// The request body as the proxy sees it: buffered (small bodies, the normal prediction request — needed to retry on another
/// variant, to copy to a shadow and to read a sticky key) or left streaming (large bodies with a known length; sent once, no
/// retry); or the client's fault found while reading it (too large, shorter than declared, too slow).
/// </summary>
internal sealed record RequestBody(byte[] Bytes, bool Streaming, bool TooLarge)
{
    public static readonly RequestBody Empty = new([], false, false);

    /// <summary>The client stream a streaming body is read from, which records a client fault met on the way.</summary>
    public ClientBodyStream? Source { get; init; }

    /// <summary>Kestrel's verdict when the body could not be read: 400 (shorter than its Content-Length), 408 (too slow).</summary>
    public BadHttpRequestException? ClientFault { get; init; }

    public bool IsBuffered => !Streaming && !TooLarge && ClientFault is null;

    public static async Task<RequestBody> ReadAsync(HttpContext ctx, int limit, CancellationToken ct)
    {
        var request = ctx.Request;
        var canHaveBody = ctx.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (!canHaveBody || request.ContentLength == 0) return Empty;
        if (request.ContentLength > limit) return new RequestBody([], Streaming: true, TooLarge: false) { Source = new ClientBodyStream(request.Body) };

        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit) return new RequestBody([], Streaming: false, TooLarge: true);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            return new RequestBody([], Streaming: false, TooLarge: false) { ClientFault = e };
        }
        return new RequestBody(buffer.ToArray(), false, false);
    }
}
