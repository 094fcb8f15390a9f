using System.Net.Http.Headers;
using System.Text.Json;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Proxy;

/// <summary>
/// Outcome feedback through the gateway: the body goes to every live variant (stable, canary, previous), since only the server
/// that answered a request id knows it and keeps the outcome with its version; the answers are merged item by item, a known
/// answer (accepted, duplicate, late, invalid) winning over "unknown".
/// </summary>
public sealed class FeedbackFanout(RoutingState state, HttpMessageInvoker client)
{
    private static readonly string[] Priority = ["accepted", "duplicate", "late", "invalid", "unknown"];
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public static void Map(WebApplication app, RoutingState state, HttpMessageInvoker client)
    {
        var fanout = new FeedbackFanout(state, client);
        app.MapPost("/v1/models/{name}/feedback", fanout.HandleAsync);
        app.MapPost("/v2/models/{name}/feedback", fanout.HandleAsync);
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        if (body.Length > MaxBodyBytes)
        {
            await Error(ctx, 400, $"feedback body is larger than {MaxBodyBytes} bytes; send fewer items per request");
            return;
        }
        var table = state.Current;
        var upstreams = new[] { table.Stable, table.Canary, table.Previous }.OfType<Upstream>().DistinctBy(u => u.BaseUrl).ToList();
        var answers = await Task.WhenAll(upstreams.Select(u => SendAsync(u, ctx.Request.Path + ctx.Request.QueryString, body.ToArray(), ctx.RequestAborted)));
        var withResults = answers.Where(a => a.Results is not null).ToList();
        if (withResults.Count == 0)
        {
            // A whole-body error (malformed JSON, unknown model, no log) is the same on every server: pass the stable's on.
            var first = answers.FirstOrDefault(a => a.Body is not null);
            if (first.Body is null) { await Error(ctx, 502, "no model server answered the feedback; check ./build.sh Status"); return; }
            ctx.Response.StatusCode = first.Status;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync(first.Body, ctx.RequestAborted);
            return;
        }
        var count = withResults[0].Results!.Count;
        var merged = Enumerable.Range(0, count)
            .Select(i => withResults.Select(a => a.Results!.ElementAtOrDefault(i)).Where(r => r.ValueKind == JsonValueKind.Object)
                .OrderBy(r => Array.IndexOf(Priority, r.GetProperty("status").GetString())).First())
            .ToList();
        var single = !withResults[0].Batch;
        ctx.Response.StatusCode = single ? StatusOf(merged[0].GetProperty("status").GetString()) : 200;
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.Body);
        w.WriteStartObject();
        w.WriteString("model_name", ctx.Request.RouteValues["name"] as string);
        foreach (var s in Priority) w.WriteNumber(s, merged.Count(r => r.GetProperty("status").GetString() == s));
        w.WriteStartArray("results");
        foreach (var r in merged) r.WriteTo(w);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static int StatusOf(string? status) => status switch
    {
        "accepted" => 200, "duplicate" => 409, "late" => 410, "invalid" => 400, _ => 404,
    };

    private readonly record struct Answer(int Status, byte[]? Body, IReadOnlyList<JsonElement>? Results, bool Batch);

    private async Task<Answer> SendAsync(Upstream upstream, string pathAndQuery, byte[] body, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, upstream.BaseUrl + pathAndQuery) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                if (doc.RootElement.TryGetProperty("results", out var results))
                {
                    // A batch body was a list or {"feedback": [...]}: the server answered 200 with one result per item.
                    var batch = IsBatch(body);
                    return new Answer((int)response.StatusCode, bytes, results.EnumerateArray().Select(e => e.Clone()).ToList(), batch);
                }
            }
            catch (JsonException) { }
            return new Answer((int)response.StatusCode, bytes, null, false);
        }
        catch (HttpRequestException)
        {
            return new Answer(502, null, null, false);
        }
    }

    private static bool IsBatch(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.ValueKind == JsonValueKind.Array || doc.RootElement.TryGetProperty("feedback", out _);
    }

    private static Task Error(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }
        return ctx.Response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }
}
