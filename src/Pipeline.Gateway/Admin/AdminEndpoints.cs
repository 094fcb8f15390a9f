using System.Text.Json;
using Pipeline.Gateway.Proxy;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Admin;

/// <summary>The admin API under <c>/admin</c>: read and change the routing table (bearer token), probe upstream health.</summary>
internal static class AdminEndpoints
{
    /// <summary>The longest bake a promotion keeps previous warm for: a week (longer is a typo, and would overflow the clock).</summary>
    public const double MaxBakeSeconds = 7 * 24 * 3600;

    private static readonly JsonSerializerOptions Strict = new(GatewayJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

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
        admin.MapPut("/routing", async (HttpContext ctx) =>
        {
            var (table, errors) = await ReadTableAsync(ctx);
            if (table is null) return Refused(state, errors);
            long? expected = long.TryParse(ctx.Request.Headers.IfMatch.ToString().Trim('"'), out var g) ? g : null;
            return ToResult(state.Change(_ => table, table.Reason is { Length: > 0 } r ? r : "routing replaced", expected));
        });
        admin.MapPost("/canary-weight", async (HttpContext ctx) =>
        {
            var body = await AdminBody.ReadAsync(ctx.Request, ["weight", "reason"], """{"weight": 10, "reason": "canary step 2"}""", bodyRequired: true, ctx.RequestAborted);
            var weight = body.Number("weight", 0, 100, "the canary's share in percent", required: true);
            var reason = body.Text("reason");
            if (body.Errors.Count > 0) return Refused(state, body.Errors);
            return ToResult(state.Change(t => RoutingTransitions.WithCanaryWeight(t, weight!.Value), reason ?? $"canary weight {weight} %"));
        });
        admin.MapPost("/promote", async (HttpContext ctx) =>
        {
            var body = await AdminBody.ReadAsync(ctx.Request, ["bakeSeconds", "reason"], """{"bakeSeconds": 300, "reason": "canary passed"}""", bodyRequired: false, ctx.RequestAborted);
            var bake = body.Number("bakeSeconds", 0, MaxBakeSeconds, "the seconds to keep previous warm", required: false);
            var reason = body.Text("reason");
            if (body.Errors.Count > 0) return Refused(state, body.Errors);
            return ToResult(state.Change(
                t => RoutingTransitions.Promote(t, time.GetUtcNow(), bake is { } s ? TimeSpan.FromSeconds(s) : null), reason ?? "promote canary to stable"));
        });
        admin.MapPost("/rollback", async (HttpContext ctx) =>
        {
            var body = await AdminBody.ReadAsync(ctx.Request, ["reason"], """{"reason": "error rate"}""", bodyRequired: false, ctx.RequestAborted);
            var reason = body.Text("reason");
            if (body.Errors.Count > 0) return Refused(state, body.Errors);
            return ToResult(state.Change(RoutingTransitions.Rollback, reason ?? "rollback"));
        });
        admin.MapGet("/health", async (CancellationToken ct) => Results.Json(await UpstreamProbe.ProbeAsync(state.Current, probes, ct), GatewayJson.Options));
    }

    /// <summary>A whole routing table, strictly: unknown fields and wrong types are named; an upstream that is this gateway is refused.</summary>
    private static async Task<(RoutingTable? Table, IReadOnlyList<string> Errors)> ReadTableAsync(HttpContext ctx)
    {
        const string example = """{"stable": {"url": "http://127.0.0.1:5001", "version": "v1"}, "strategy": "weighted", "canaryWeight": 0}""";
        RoutingTable? table;
        try
        {
            table = await JsonSerializer.DeserializeAsync<RoutingTable>(ctx.Request.Body, Strict, ctx.RequestAborted);
        }
        catch (JsonException e)
        {
            return (null, [$"{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.'))}: {e.Message.Split(" Path:")[0]} Send a routing table such as {example} (GET /admin/routing shows the current one)."]);
        }
        if (table is null) return (null, [$"body: null; send a routing table such as {example}."]);
        var self = new[] { ("stable", table.Stable), ("canary", table.Canary), ("previous", table.Previous) }
            .Where(u => u.Item2 is not null && ForwardingLoop.IsSelf(u.Item2, ctx))
            .Select(u => $"{u.Item1}.url: \"{u.Item2!.Url}\" is this gateway itself, which would forward each request to itself; give a model server's URL.")
            .ToList();
        return self.Count > 0 ? (null, self) : (table, []);
    }

    private static IResult Refused(RoutingState state, IReadOnlyList<string> errors) =>
        Results.Json(new { errors, current = state.Current }, GatewayJson.Options, statusCode: StatusCodes.Status400BadRequest);

    private static IResult ToResult(RoutingChangeResult result) =>
        result.Applied ? Results.Json(result.Table, GatewayJson.Options)
        : Results.Json(new { errors = result.Errors, current = result.Table }, GatewayJson.Options,
            statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
}
