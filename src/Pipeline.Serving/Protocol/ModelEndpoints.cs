using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipeline.Core.Monitoring;
using Pipeline.Serving.Batching;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Metrics;
using Pipeline.Serving.Model;
using Pipeline.Protocol.Rest;

namespace Pipeline.Serving.Protocol;

/// <summary>The HTTP surface: Open Inference Protocol v2 REST, the V1 <c>:predict</c> route, health and <c>/metrics</c>.</summary>
internal sealed class ModelEndpoints(ServedModel model, ServingOptions options, IScoringQueue queue, ServingMetrics metrics, Readiness readiness, InferenceCall call)
{
    private readonly string _predictPath = $"/v1/models/{model.Name}:predict";
    private Endpoint? _predictEndpoint;

    /// <summary>Where answered rows are logged (sampled); null when the server keeps no prediction log.</summary>
    public Monitoring.PredictionLog? PredictionLog { get; init; }

    /// <summary>Middleware ahead of routing: <c>POST /v1/models/&lt;served model&gt;:predict</c>, the hot route, matched by one string
    /// comparison instead of the router's complex-segment match; everything else goes on to routing.</summary>
    public Task PredictFastPathAsync(HttpContext ctx, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method) || !string.Equals(ctx.Request.Path.Value, _predictPath, StringComparison.Ordinal)) return next(ctx);
        var endpoint = _predictEndpoint ??= new Endpoint(c => ScoreAsync(c, v2: false, nameChecked: true),
            new EndpointMetadataCollection(new RouteLabel("predict")), "predict (fast path)");
        ctx.SetEndpoint(endpoint);
        return endpoint.RequestDelegate!(ctx);
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/health/live", ctx => Json(ctx, 200, w => w.WriteBoolean("live", true))).WithMetadata(new RouteLabel("live"));
        app.MapGet("/v2/health/ready", ctx => Json(ctx, readiness.IsReady ? 200 : 503, w => w.WriteBoolean("ready", readiness.IsReady))).WithMetadata(new RouteLabel("ready"));
        app.MapGet("/v2", ServerMetadata).WithMetadata(new RouteLabel("server_metadata"));
        app.MapGet("/v2/models/{name}", ModelMetadata).WithMetadata(new RouteLabel("model_metadata"));
        app.MapGet("/v2/models/{name}/versions/{version}", ModelMetadata).WithMetadata(new RouteLabel("model_metadata"));
        app.MapGet("/v2/models/{name}/ready", ModelReady).WithMetadata(new RouteLabel("model_ready"));
        app.MapGet("/v2/models/{name}/versions/{version}/ready", ModelReady).WithMetadata(new RouteLabel("model_ready"));
        app.MapPost("/v2/models/{name}/infer", ctx => ScoreAsync(ctx, v2: true)).WithMetadata(new RouteLabel("infer"));
        app.MapPost("/v2/models/{name}/versions/{version}/infer", ctx => ScoreAsync(ctx, v2: true)).WithMetadata(new RouteLabel("infer"));
        app.MapGet("/v1/models/{name}", ModelReady).WithMetadata(new RouteLabel("model_ready"));
        app.MapPost("/v1/models/{name}:predict", ctx => ScoreAsync(ctx, v2: false)).WithMetadata(new RouteLabel("predict"));
        app.MapGet("/metrics", Metrics).WithMetadata(new RouteLabel("metrics"));
    }

    private static Task Json(HttpContext ctx, int status, Action<Utf8JsonWriter> fields) =>
        JsonResponse.WriteAsync(ctx, status, w => { w.WriteStartObject(); fields(w); w.WriteEndObject(); });

    private Task ServerMetadata(HttpContext ctx) => Json(ctx, 200, w =>
    {
        w.WriteString("name", "pipeline-serving");
        w.WriteString("version", typeof(ModelEndpoints).Assembly.GetName().Version?.ToString() ?? "0");
        w.WriteStartArray("extensions");
        foreach (var extension in ServerExtensions) w.WriteStringValue(extension);
        w.WriteEndArray();
    });

    /// <summary>Protocol extensions the server speaks, as server metadata lists them (REST and gRPC alike).</summary>
    public static readonly IReadOnlyList<string> ServerExtensions = [InferenceHeader.ExtensionName];

    private Task? UnknownModel(HttpContext ctx)
    {
        var name = ctx.Request.RouteValues["name"] as string;
        var version = ctx.Request.RouteValues["version"] as string;
        if (name == model.Name && (version is null || version == model.Version)) return null;
        return JsonResponse.ErrorAsync(ctx, 404,
            $"model '{name}'{(version is null ? "" : $" version '{version}'")} is not served here; this server serves '{model.Name}' version '{model.Version}'");
    }

    private Task ModelMetadata(HttpContext ctx) => UnknownModel(ctx) ?? Json(ctx, 200, w =>
    {
        w.WriteString("name", model.Name);
        w.WriteStartArray("versions");
        w.WriteStringValue(model.Version);
        w.WriteEndArray();
        w.WriteString("platform", model.Platform);
        w.WriteStartArray("inputs");
        if (model.Mode == "tensor") Tensor(w, model.TensorInput, "FP32", model.Numeric.Count());
        foreach (var c in model.Columns.Where(c => model.Mode != "tensor" || c.Kind == FeatureKind.Categorical)) Tensor(w, c.InputName, c.Datatype, 1);
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        foreach (var (name, datatype, shape) in InferAnswer.Outputs(model))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("datatype", datatype);
            w.WriteStartArray("shape");
            foreach (var d in shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("parameters");
        w.WriteString("variant", model.Variant);
        w.WriteEndObject();
    });

    private static void Tensor(Utf8JsonWriter w, string name, string datatype, int width)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("datatype", datatype);
        w.WriteStartArray("shape");
        w.WriteNumberValue(-1);
        w.WriteNumberValue(width);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private Task ModelReady(HttpContext ctx) => UnknownModel(ctx) ?? Json(ctx, readiness.IsReady ? 200 : 503, w =>
    {
        w.WriteString("name", model.Name);
        w.WriteString("version", model.Version);
        w.WriteBoolean("ready", readiness.IsReady);
    });

    private ParsedRequest Read(bool v2, ReadOnlyMemory<byte> body, string? headerLength) => v2
        ? V2InferReader.Read(body, headerLength, model, options.MaxRequestRows)
        : V1PredictReader.Read(body, model, options.MaxRequestRows);

    private Task Answer(bool v2, HttpContext ctx, ParsedRequest request, float[] scores) => v2
        ? JsonResponse.WriteInferAsync(ctx, InferAnswer.For(model, request, scores), t => request.Request?.WantsBinary(t.Name) ?? false)
        : JsonResponse.WriteAsync(ctx, 200, (model, scores), static (w, s) => V1Answer.Write(w, s.model, s.scores));

    private async Task ScoreAsync(HttpContext ctx, bool v2, bool nameChecked = false)
    {
        if (!nameChecked && UnknownModel(ctx) is { } notFound) { await notFound.ConfigureAwait(false); return; }
        queue.Expect();
        var expected = true;
        RequestBody.Lease? body = null;
        try
        {
            body = await RequestBody.ReadAsync(ctx.Request, options.MaxBodyBytes, ctx.RequestAborted).ConfigureAwait(false);
            if (body is not { } lease)
            {
                await JsonResponse.ErrorAsync(ctx, 400, "request body too large",
                    [new FieldError("$", $"body is larger than the limit of {options.MaxBodyBytes} bytes; send fewer rows per request or raise --max-body-bytes")]).ConfigureAwait(false);
                return;
            }
            var headerLength = ctx.Request.Headers[InferenceHeader.ContentLength] is { Count: > 0 } h ? h.ToString() : null;
            if (headerLength is null && !System.Text.Unicode.Utf8.IsValid(lease.Memory.Span))
            {
                await JsonResponse.ErrorAsync(ctx, 400, $"invalid request: the body is not valid UTF-8 (a body with binary tensors needs the {InferenceHeader.ContentLength} header)",
                    [new FieldError("$", $"JSON must be UTF-8 encoded; send the body as UTF-8 text, or, for binary tensors, send the {InferenceHeader.ContentLength} header with the JSON part's byte length")]).ConfigureAwait(false);
                return;
            }
            var parsed = Read(v2, lease.Memory, headerLength);
            if (!parsed.Ok)
            {
                await JsonResponse.ErrorAsync(ctx, 400, $"invalid request: {parsed.Errors.Count} problem(s), first: {parsed.Errors[0].Field}: {parsed.Errors[0].Problem}", parsed.Errors).ConfigureAwait(false);
                return;
            }
            expected = false;
            var outcome = await call.ScoreAsync(parsed, ctx.TraceIdentifier).ConfigureAwait(false);
            if (outcome.Scores is { } scores)
            {
                if (readiness.IsReady) PredictionLog?.Record(ctx.TraceIdentifier, parsed.Batch!, scores);   // warm-up rows are not traffic
                await Answer(v2, ctx, parsed, scores).ConfigureAwait(false);
                return;
            }
            if (outcome.RetryLater) ctx.Response.Headers.RetryAfter = "1";
            await JsonResponse.ErrorAsync(ctx, outcome.Status, outcome.Message, outcome.Details).ConfigureAwait(false);
        }
        finally
        {
            if (expected) queue.Forget();
            // Read into the pool; nothing refers to the body once the answer is written (the batcher's call was awaited above).
            body?.Return();
        }
    }

    private Task Metrics(HttpContext ctx)
    {
        var text = new StringWriter(new StringBuilder(16 * 1024), System.Globalization.CultureInfo.InvariantCulture);
        metrics.WriteTo(text);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        ctx.Response.ContentType = PrometheusFormat.ContentType;
        ctx.Response.ContentLength = bytes.Length;
        return ctx.Response.Body.WriteAsync(bytes).AsTask();
    }
}
