using Microsoft.AspNetCore.Http.Features;

namespace Pipeline.Gateway.Proxy;

/// <summary>
/// The request body as the proxy sees it: buffered (small bodies, the normal prediction request — needed to retry on stable,
/// to copy to a shadow and to read a sticky key) or left streaming (large bodies with a known length; sent once, no retry).
/// </summary>
internal sealed record RequestBody(byte[] Bytes, bool Streaming, bool TooLarge)
{
    public static readonly RequestBody Empty = new([], false, false);

    public bool IsBuffered => !Streaming && !TooLarge;

    public static async Task<RequestBody> ReadAsync(HttpContext ctx, int limit, CancellationToken ct)
    {
        var request = ctx.Request;
        var canHaveBody = ctx.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (!canHaveBody || request.ContentLength == 0) return Empty;
        if (request.ContentLength > limit) return new RequestBody([], Streaming: true, TooLarge: false);

        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return new RequestBody([], Streaming: false, TooLarge: true);
            buffer.Write(chunk, 0, read);
        }
        return new RequestBody(buffer.ToArray(), false, false);
    }
}
