using System.Buffers;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Scores;
using Yarp.ReverseProxy.Forwarder;

namespace Pipeline.Bench.Gateway;

/// <summary>
/// The A/B candidate: the gateway's REST path rebuilt on YARP's <see cref="IHttpForwarder"/> with the same duties as today's proxy
/// loop — a variant chosen per request from the same routing table and seeded selector, the body buffered (what retries, shadow copies
/// and sticky fields need), X-Pipeline-Variant/Version on the answer, per-variant requests, errors, latency and the answer's scores.
/// </summary>
internal static class YarpGateway
{
    public static async Task<(WebApplication App, string Url)> StartAsync(RoutingTable table)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => { k.Listen(IPAddress.Loopback, 0); k.Limits.MaxRequestBodySize = null; });
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false,
            EnableMultipleHttp2Connections = true, ActivityHeadersPropagator = null, ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 1024,
        });
        var metrics = new GatewayMetrics();
        var selector = new VariantSelector(new Random(1));
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) };
        app.Map("/v2/{**path}", async ctx =>
        {
            var decision = selector.Select(table, null);
            var (variant, upstream) = decision.Primary == Variant.Canary && table.Canary is not null ? ("canary", table.Canary) : ("stable", table.Stable);
            var buffered = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffered, ctx.RequestAborted);
            buffered.Position = 0;
            ctx.Request.Body = buffered;

            var m = metrics.For(variant, upstream.Version);
            m.CountRequest();
            var started = Stopwatch.GetTimestamp();
            var original = ctx.Response.Body;
            var tee = new CapturingStream(original);
            ctx.Response.Body = tee;
            var error = await forwarder.SendAsync(ctx, upstream.BaseUrl, client, config, new VariantHeaders(variant, upstream.Version));
            ctx.Response.Body = original;
            m.Latency.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (error != ForwarderError.None || ctx.Response.StatusCode >= 500) m.CountError();
            else if (ctx.Response.StatusCode == 200 && tee.Captured is { } captured) m.ObserveScores(ScoreParser.Parse(captured.WrittenSpan));
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private sealed class VariantHeaders(string variant, string version) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await Default.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            if (httpContext.Connection.RemoteIpAddress is { } remote) proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
        }

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var go = await Default.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
            httpContext.Response.Headers["X-Pipeline-Variant"] = variant;
            httpContext.Response.Headers["X-Pipeline-Version"] = version;
            return go;
        }
    }

    /// <summary>Passes the answer on and keeps a copy (up to 1 MiB) to read scores from, like today's gateway.</summary>
    private sealed class CapturingStream(Stream inner) : Stream
    {
        public ArrayBufferWriter<byte>? Captured { get; private set; } = new(4096);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            if (Captured is not null && Captured.WrittenCount + buffer.Length <= 1 << 20) Captured.Write(buffer.Span);
            else Captured = null;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("written asynchronously");
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
