using System.Net;
using Pipeline.Gateway.Admin;
using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Proxy;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway;

/// <summary>Composition root of the gateway: Kestrel, the pooled upstream client, routing state, proxy, admin API and /metrics.</summary>
public static class GatewayHost
{
    /// <summary>Builds the gateway application; fails with a message when neither a state file nor an initial routing is usable.</summary>
    public static GatewayApp Create(GatewayOptions options, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var initial = ResolveInitialRouting(options, out var origin);
        if (options.InstanceId.Length == 0) options = options with { InstanceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Host), options.Port);
            // gRPC on its own port, as the model server has it: HTTP/2 with prior knowledge (h2c), how gRPC clients speak without TLS.
            if (options.GrpcPort >= 0) k.Listen(IPAddress.Parse(options.Host), options.GrpcPort, l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
            k.Limits.MaxRequestBodySize = null;
        });

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        var app = builder.Build();
        var state = new RoutingState(initial, options.StateFile, time);
        if (origin == "command line" && options.StateFile is not null)
            RoutingStateFile.Write(options.StateFile, state.Current);

        var metrics = new GatewayMetrics(options.ScoreBuckets);
        var upstreamClient = new HttpMessageInvoker(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = TimeSpan.FromSeconds(3),
            MaxConnectionsPerServer = 1024,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = true,
        });
        var probeClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) });
        var shadow = new ShadowMirror(upstreamClient, metrics, time, options, app.Lifetime.ApplicationStopping);
        var proxy = new ProxyHandler(state, new VariantSelector(new Random(options.Seed)), upstreamClient, metrics, shadow,
            new UpstreamOutages(time, options.OutageMemory), time, options,
            app.Services.GetRequiredService<ILogger<ProxyHandler>>());

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/metrics", () => Results.Text(PrometheusText.Render(metrics, state.Current), PrometheusText.ContentType));
        AdminEndpoints.Map(app, new AdminToken(options.AdminToken), state, time, probeClient);
        Release.ReleaseEndpoints.Map(app, new AdminToken(options.AdminToken), state, metrics, new Release.ReleaseEvidence(time), time);
        FeedbackFanout.Map(app, state, upstreamClient);
        app.Map("/v1/{**path}", proxy.HandleAsync);
        app.Map("/v2/{**path}", proxy.HandleAsync);
        if (options.GrpcPort >= 0) app.Map("/" + Proxy.GrpcRoute.Service + "/{method}", proxy.HandleGrpcAsync);
        app.Lifetime.ApplicationStopped.Register(() => { upstreamClient.Dispose(); probeClient.Dispose(); });

        app.Logger.LogInformation("gateway routing from {Origin}: generation {Generation}, stable {Stable}, canary {Canary} at {Weight} %, strategy {Strategy}",
            origin, state.Current.Generation, state.Current.Stable.Url, state.Current.Canary?.Url ?? "none", state.Current.EffectiveCanaryWeight, state.Current.Strategy);
        return new GatewayApp(app, state, metrics) { HasGrpc = options.GrpcPort >= 0 };
    }

    private static RoutingTable ResolveInitialRouting(GatewayOptions options, out string origin)
    {
        if (options.StateFile is not null)
        {
            var resumed = RoutingStateFile.TryRead(options.StateFile, out var error);
            if (error is not null) throw new InvalidOperationException(error);
            if (resumed is not null)
            {
                origin = $"state file {options.StateFile}";
                return resumed;
            }
        }
        origin = "command line";
        return options.InitialRouting
            ?? throw new InvalidOperationException("no routing: give --stable <url> or a --state-file that exists.");
    }
}
