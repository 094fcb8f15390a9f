using Microsoft.AspNetCore.Http;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Metrics;
using Pipeline.Serving.Model;
using Pipeline.Serving.Protocol;

namespace Pipeline.Serving.Hosting;

/// <summary>Per-request middleware: request id, duration, request metrics, access log; turns an unexpected exception into a 500 that names the request id.</summary>
internal sealed class RequestTelemetry(RequestIds ids, ServingMetrics metrics, JsonLog log, ServedModel model, string accessLog, TimeProvider time, Readiness readiness)
{
    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        var start = time.GetTimestamp();
        var warmup = HttpWarmup.IsWarmup(ctx.Request, readiness);
        if (warmup) readiness.WarmupStarted();
        ctx.TraceIdentifier = ids.Next(ctx.Request.Headers["x-request-id"]);
        ctx.Response.Headers["x-request-id"] = ctx.TraceIdentifier;
        Exception? failure = null;
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            failure = e;
            if (!ctx.Response.HasStarted)
                await JsonResponse.ErrorAsync(ctx, e.StatusCode, $"malformed HTTP request: {e.Message}").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            ctx.Response.StatusCode = 499;      // client went away; nothing to answer
        }
        catch (Exception e)
        {
            failure = e;
            if (!ctx.Response.HasStarted)
                await JsonResponse.ErrorAsync(ctx, 500, $"internal error; quote request id {ctx.TraceIdentifier} when reporting it").ConfigureAwait(false);
        }
        finally
        {
            var elapsed = time.GetElapsedTime(start);
            var route = ctx.GetEndpoint()?.Metadata.GetMetadata<RouteLabel>()?.Name ?? "unmatched";
            var status = Grpc.GrpcStatus.HttpEquivalent(ctx) ?? ctx.Response.StatusCode;
            metrics.CountRequest(route, status, elapsed);
            if (failure is not null || (!warmup && (accessLog == "all" || (accessLog == "errors" && status >= 400))))
            {
                log.Write(status >= 500 ? "error" : status >= 400 ? "warn" : "info", "request", w =>
                {
                    w.WriteString("request_id", ctx.TraceIdentifier);
                    w.WriteString("method", ctx.Request.Method);
                    w.WriteString("path", ctx.Request.Path.Value);
                    w.WriteString("route", route);
                    w.WriteNumber("status", status);
                    w.WriteNumber("latency_ms", Math.Round(elapsed.TotalMilliseconds, 3));
                    w.WriteString("model", model.Name);
                    w.WriteString("version", model.Version);
                    w.WriteString("variant", model.Variant);
                    if (failure is not null) w.WriteString("error", failure.ToString());
                });
            }
            if (warmup) readiness.WarmupFinished();
        }
    }
}
