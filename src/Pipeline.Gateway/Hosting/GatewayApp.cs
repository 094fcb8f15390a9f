using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway;

/// <summary>A built gateway: the web application plus its routing state and metrics (tests and embedding read them).</summary>
public sealed record GatewayApp(WebApplication App, RoutingState Routing, GatewayMetrics Metrics)
{
    /// <summary>The address Kestrel listens on after start (resolves port 0).</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("the gateway is not started yet; call App.StartAsync() first.");
            return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
    }
}
