using System.Text.Json;
using Pipeline.Gateway.Admin;
using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Release;

/// <summary>
/// The live release page: <c>GET /release</c> (HTML that polls), <c>GET /release/state</c> (weights, per-variant counters and
/// histograms, the judge's evidence and decisions) and <c>POST /admin/release-evidence</c> (bearer token) where the canary controller reports.
/// </summary>
internal static class ReleaseEndpoints
{
    public static void Map(WebApplication app, AdminToken token, RoutingState state, GatewayMetrics metrics, ReleaseEvidence evidence, TimeProvider time)
    {
        app.MapGet("/release", () => Results.Content(ReleasePage.Html, "text/html; charset=utf-8"));
        app.MapGet("/release/state", () => Results.Json(State(state, metrics, evidence, time), GatewayJson.Options));
        app.MapPost("/admin/release-evidence", async (HttpContext ctx) =>
        {
            if (!token.IsConfigured) return Results.Problem(statusCode: 503, title: "Admin API disabled", detail: $"the gateway was started without {AdminToken.EnvironmentVariable}.");
            if (!token.Matches(ctx.Request.Headers.Authorization))
                return Results.Problem(statusCode: 401, title: "Unauthorized", detail: $"send Authorization: Bearer <value of {AdminToken.EnvironmentVariable}>.");
            JsonElement body;
            try
            {
                body = (await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted)).RootElement.Clone();
            }
            catch (JsonException e)
            {
                return Results.Problem(statusCode: 400, title: "Not JSON", detail: $"body: {e.Message} Send {{\"kind\": \"progress\", \"reason\": \"…\", \"metrics\": [...]}}.");
            }
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("kind", out var kind) || kind.GetString() is not ("progress" or "decision"))
                return Results.Problem(statusCode: 400, title: "Bad evidence", detail: "body.kind: expected \"progress\" or \"decision\".");
            evidence.Add(body);
            return Results.NoContent();
        });
    }

    private static object State(RoutingState routing, GatewayMetrics metrics, ReleaseEvidence evidence, TimeProvider time)
    {
        var table = routing.Current;
        var (latest, history, decisions) = evidence.Snapshot();
        return new
        {
            now = time.GetUtcNow(),
            routing = new
            {
                stable = table.Stable.Version,
                canary = table.Canary?.Version,
                previous = table.Previous?.Version,
                canaryWeight = table.EffectiveCanaryWeight,
                strategy = table.Strategy,
                generation = table.Generation,
                changedAt = table.ChangedAt,
                reason = table.Reason,
            },
            variants = metrics.All.Select(kv => new
            {
                variant = kv.Key.Variant,
                version = kv.Key.Version,
                requests = kv.Value.Requests,
                errors = kv.Value.Errors,
                latency = Histogram(kv.Value.Latency),
                scores = Histogram(kv.Value.Score),
            }).ToList(),
            evidence = latest,
            history,
            decisions,
        };
    }

    private static object Histogram(Pipeline.Core.Monitoring.PrometheusHistogram h) => new { bounds = h.UpperBounds, cumulative = h.Cumulative() };
}
