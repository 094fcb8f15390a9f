using System.Net;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Proxy;

/// <summary>Builds the request to an upstream from the client's request: same method, path, query, end-to-end headers and body.</summary>
internal static class UpstreamRequestFactory
{
    public static HttpRequestMessage Create(Upstream upstream, HttpContext ctx, RequestBody body) =>
        Create(upstream.BaseUrl, HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower, ctx, body);

    /// <summary>The call to the upstream's gRPC port: HTTP/2 with prior knowledge (h2c), as gRPC servers without TLS expect; <c>TE: trailers</c> as gRPC requires.</summary>
    public static HttpRequestMessage CreateGrpc(Upstream upstream, HttpContext ctx, RequestBody body)
    {
        var message = Create(upstream.GrpcBaseUrl!, HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact, ctx, body);
        message.Headers.TryAddWithoutValidation("TE", "trailers");
        return message;
    }

    private static HttpRequestMessage Create(string baseUrl, Version version, HttpVersionPolicy policy, HttpContext ctx, RequestBody body)
    {
        var request = ctx.Request;
        var uri = new Uri(baseUrl + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri) { Version = version, VersionPolicy = policy };
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
