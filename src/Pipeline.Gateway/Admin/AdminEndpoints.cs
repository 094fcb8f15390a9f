using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Admin;

/// <summary>The admin API under <c>/admin</c>: read and change the routing table (bearer token), probe upstream health.</summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, AdminToken token, RoutingState state, TimeProvider time, HttpClient probes)
    {
        var admin = app.MapGroup("/admin");
        admin.AddEndpointFilter(async (ctx, next) =>
        {
            if (!token.IsConfigured)
                return Results.Problem(statusCode: 503, title: "Admin API disabled",
                    detail: $"the gateway was started without {AdminToken.EnvironmentVariable}; restart it with that environment variable set.");
            if (!token.Matches(ctx.HttpContext.Request.Headers.Authorization))
            {
                ctx.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Problem(statusCode: 401, title: "Unauthorized",
                    detail: $"missing or wrong bearer token; send Authorization: Bearer <value of {AdminToken.EnvironmentVariable}>.");
            }
            return await next(ctx);
        });

        admin.MapGet("/routing", () => Results.Json(state.Current, GatewayJson.Options));
        admin.MapPut("/routing", (RoutingTable table, HttpRequest request) =>
        {
            long? expected = long.TryParse(request.Headers.IfMatch.ToString().Trim('"'), out var g) ? g : null;
            return ToResult(state.Change(_ => table, table.Reason is { Length: > 0 } r ? r : "routing replaced", expected));
        });
        admin.MapPost("/canary-weight", (WeightChange change) =>
            ToResult(state.Change(t => RoutingTransitions.WithCanaryWeight(t, change.Weight), change.Reason ?? $"canary weight {change.Weight} %")));
        admin.MapPost("/promote", (PromoteRequest? request) =>
            ToResult(state.Change(
                t => RoutingTransitions.Promote(t, time.GetUtcNow(), request?.BakeSeconds is { } s ? TimeSpan.FromSeconds(s) : null),
                request?.Reason ?? "promote canary to stable")));
        admin.MapPost("/rollback", (RollbackRequest? request) =>
            ToResult(state.Change(RoutingTransitions.Rollback, request?.Reason ?? "rollback")));
        admin.MapGet("/health", async (CancellationToken ct) => Results.Json(await UpstreamProbe.ProbeAsync(state.Current, probes, ct), GatewayJson.Options));
    }

    private static IResult ToResult(RoutingChangeResult result) =>
        result.Applied ? Results.Json(result.Table, GatewayJson.Options)
        : Results.Json(new { errors = result.Errors, current = result.Table }, GatewayJson.Options,
            statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
}
