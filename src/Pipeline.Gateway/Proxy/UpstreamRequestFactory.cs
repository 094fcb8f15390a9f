using System.Net;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Proxy;

/// <summary>Builds the request to an upstream from the client's request: same method, path, query, end-to-end headers and body.</summary>
internal static class UpstreamRequestFactory
{
    public static HttpRequestMessage Create(Upstream upstream, HttpContext ctx, RequestBody body)
    {
        var request = ctx.Request;
        var uri = new Uri(upstream.BaseUrl + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (body.Streaming) message.Content = new StreamContent(body.Source ?? request.Body);
        else if (body.Bytes.Length > 0) message.Content = new ByteArrayContent(body.Bytes);

        foreach (var header in request.Headers)
        {
            if (HopByHopHeaders.Contains(header.Key)) continue;
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !body.Streaming) continue;
            if (!message.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
                message.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
        }
        if (ctx.Connection.RemoteIpAddress is { } remote)
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
        return message;
    }
}
