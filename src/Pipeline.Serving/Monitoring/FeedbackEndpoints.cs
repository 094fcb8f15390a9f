using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Model;
using Pipeline.Serving.Protocol;

namespace Pipeline.Serving.Monitoring;

/// <summary><c>POST /v1/models/{m}/feedback</c> and <c>POST /v2/models/{m}/feedback</c>: true outcomes for answered request ids.</summary>
public sealed class FeedbackEndpoints(ServedModel model, FeedbackStore store, int maxBodyBytes)
{
    private readonly OutcomeRule _rule = OutcomeRule.For(model);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/models/{name}/feedback", HandleAsync).WithMetadata(new RouteLabel("feedback"));
        app.MapPost("/v2/models/{name}/feedback", HandleAsync).WithMetadata(new RouteLabel("feedback"));
    }

    /// <summary>HTTP status of a single item's answer (a batch answers 200 with one result per item).</summary>
    public static int StatusOf(FeedbackStatus s) => s switch
    {
        FeedbackStatus.Accepted => 200,
        FeedbackStatus.Duplicate => 409,
        FeedbackStatus.Late => 410,
        FeedbackStatus.Invalid => 400,
        _ => 404,
    };

    private async Task HandleAsync(HttpContext ctx)
    {
        var name = ctx.Request.RouteValues["name"] as string;
        if (name != model.Name)
        {
            await JsonResponse.ErrorAsync(ctx, 404, $"model '{name}' is not served here; this server serves '{model.Name}' version '{model.Version}'").ConfigureAwait(false);
            return;
        }
        var body = await RequestBody.ReadAsync(ctx.Request, maxBodyBytes, ctx.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await JsonResponse.ErrorAsync(ctx, 400, $"feedback body is larger than the limit of {maxBodyBytes} bytes; send fewer items per request").ConfigureAwait(false);
            return;
        }
        var (items, batch, error) = FeedbackRequest.Read(body.Value.Memory.Span, _rule);
        body.Value.Return();     // the items hold their own strings
        if (error is not null)
        {
            await JsonResponse.ErrorAsync(ctx, 400, "invalid feedback: " + error).ConfigureAwait(false);
            return;
        }
        var results = items.Select(i => i.Invalid ?? store.Submit(i.Id!, i.Label!.Value)).ToList();
        var status = batch ? 200 : StatusOf(results[0].Status);
        await JsonResponse.WriteAsync(ctx, status, w => Write(w, model.Name, results)).ConfigureAwait(false);
    }

    /// <summary>The answer body: counts per status and one result per item, in request order.</summary>
    public static void Write(Utf8JsonWriter w, string modelName, IReadOnlyList<FeedbackResult> results)
    {
        w.WriteStartObject();
        w.WriteString("model_name", modelName);
        foreach (var s in Enum.GetValues<FeedbackStatus>())
            w.WriteNumber(s.ToString().ToLowerInvariant(), results.Count(r => r.Status == s));
        w.WriteStartArray("results");
        foreach (var r in results)
        {
            w.WriteStartObject();
            if (r.Id is null) w.WriteNull("id"); else w.WriteString("id", r.Id);
            w.WriteString("status", r.Status.ToString().ToLowerInvariant());
            if (r.Version is not null) w.WriteString("model_version", r.Version);
            w.WriteString("message", r.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
