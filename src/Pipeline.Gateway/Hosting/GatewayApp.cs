using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway;

/// <summary>A built gateway: the web application plus its routing state and metrics (tests and embedding read them).</summary>
public sealed record GatewayApp(WebApplication App, RoutingState Routing, GatewayMetrics Metrics)
{
    /// <summary>True when the gateway listens for gRPC on its own port.</summary>
    public bool HasGrpc { get; init; }

    /// <summary>The address Kestrel listens on after start (resolves port 0).</summary>
    public Uri BaseAddress => Address(0);

    /// <summary>The gRPC (h2c) listener's address after start; null when the gateway has none.</summary>
    public Uri? GrpcAddress => HasGrpc ? Address(1) : null;

    // Kestrel lists addresses in listen order: REST first, then gRPC.
    private Uri Address(int index)
    {
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        if (addresses.Count <= index) throw new InvalidOperationException("the gateway is not started yet; call App.StartAsync() first.");
        return new Uri(addresses[index].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }
}
