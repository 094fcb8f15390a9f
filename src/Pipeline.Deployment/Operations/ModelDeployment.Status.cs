using System.Globalization;
using System.Text;

namespace Pipeline.Deployment.Operations;

public sealed partial class ModelDeployment
{
    /// <summary>Versions, ports, weights, health and the last event of a model (no lock: read only).</summary>
    public async Task<DeploymentStatus> StatusAsync(string model, CancellationToken ct)
    {
        var slots = await SlotsAsync(model, ct);
        Pipeline.Gateway.Routing.RoutingTable? routing = null;
        string? problem = null;
        IReadOnlyList<Pipeline.Gateway.Admin.UpstreamHealth> health = [];
        if (slots.TryGetValue(GatewayRole, out var gateway))
        {
            try
            {
                using var admin = Admin(gateway);
                routing = await admin.GetRoutingAsync(ct);
                health = await admin.GetHealthAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                problem = $"gateway {gateway.Endpoint} did not answer: {e.Message}";
            }
        }

        var instances = new List<InstanceStatus>();
        foreach (var slot in slots.Values.OrderBy(s => Array.IndexOf([GatewayRole, StableRole, CanaryRole, PreviousRole], s.Variant)))
        {
            var target = targets.For(slot.TargetKind);
            var running = target is not null && await target.IsRunningAsync(InstanceSlots.ToInstance(slot), ct);
            var internalEndpoint = InstanceSlots.ToInstance(slot).InternalEndpoint;
            var weight = routing is null ? slot.Weight : slot.Variant switch
            {
                StableRole => 100 - routing.EffectiveCanaryWeight,
                CanaryRole => routing.EffectiveCanaryWeight,
                _ => 0,
            };
            instances.Add(new InstanceStatus(slot.Variant, slot.Version, slot.Endpoint, slot.TargetKind,
                slot.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? slot.ContainerId?[..Math.Min(12, slot.ContainerId.Length)] ?? "",
                weight, running, health.FirstOrDefault(h => h.Url.TrimEnd('/') == internalEndpoint.TrimEnd('/')))
            {
                GrpcEndpoint = InstanceSlots.ToInstance(slot).GrpcEndpoint,
            });
        }
        var events = await registry.ListEventsAsync(model, 1, ct);
        return new DeploymentStatus
        {
            Model = model, Instances = instances, Routing = routing, RoutingProblem = problem,
            Aliases = await registry.ListAliasesAsync(model, ct), LastEvent = events.FirstOrDefault(),
        };
    }

    /// <summary>The status as a console table.</summary>
    public static string Format(DeploymentStatus status)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{status.Model}");
        if (status.Instances.Count == 0) sb.AppendLine("  nothing runs");
        else
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {"role",-9} {"version",-10} {"weight",7} {"target",-7} {"pid/id",-13} {"running",-8} {"health",-8} endpoint");
            foreach (var i in status.Instances)
            {
                var health = i.Health is null ? "-" : i.Health.Ready ? "ready" : "DOWN";
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"  {i.Role,-9} {i.Version ?? "-",-10} {(i.Role == GatewayRole ? "" : $"{i.Weight:0.#} %"),7} {i.Target,-7} {i.Id,-13} {(i.Running ? "yes" : "NO"),-8} {health,-8} {i.Endpoint}");
            }
        }
        if (status.Routing is { } r)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  routing: {r.Strategy.ToString().ToLowerInvariant()}, canary {r.EffectiveCanaryWeight:0.#} %, generation {r.Generation} ({r.Reason})");
        if (status.RoutingProblem is { } p) sb.AppendLine(CultureInfo.InvariantCulture, $"  routing: {p}");
        if (status.Aliases.Count > 0) sb.AppendLine("  aliases: " + string.Join(", ", status.Aliases.Select(a => $"{a.Alias} → {a.Version}")));
        if (status.LastEvent is { } e)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  last event: {e.At:u} {e.Action} {e.FromVersion}→{e.ToVersion} by {e.Actor}: {e.Reason}");
        if (status.HeldCanary is { } held)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  held: canary {held.Version} keeps {held.Weight:0.#} % after an inconclusive release (too little evidence, no breach); ./build.sh Promote or ./build.sh Rollback finishes it");
        return sb.ToString();
    }
}
