using Microsoft.Extensions.Primitives;
using Pipeline.Gateway.Routing;
using Pipeline.Protocol.Grpc;
using Pipeline.Protocol.Scores;

namespace Pipeline.Gateway.Proxy;

/// <summary>
/// gRPC (<c>inference.GRPCInferenceService</c> over HTTP/2) through the same routing as REST: the variant is chosen by the same weights
/// and sticky keys (a metadata header, or the sticky field's input tensor; shadow copies of ModelInfer to the canary's gRPC port), the call
/// goes to that upstream's gRPC port, and its outcome
/// is counted like a REST answer (grpc-status mapped to the HTTP status REST would have given; UNAVAILABLE, INTERNAL … are errors and
/// are retried once like a 5xx). Every method of the service is unary, so the answer (message and trailers) is read whole before it is
/// sent on: that is what lets a failed call be retried and the judge read the scores of a ModelInfer answer.
/// </summary>
internal sealed partial class ProxyHandler
{
    public async Task HandleGrpcAsync(HttpContext ctx)
    {
        var table = state.Current;
        var aborted = ctx.RequestAborted;
        if (ForwardingLoop.CameThrough(ctx, options.InstanceId))
        {
            metrics.CountRejected(StatusCodes.Status508LoopDetected);
            await GrpcFailureAsync(ctx, GrpcStatusCodes.FailedPrecondition,
                "this call already passed through this gateway: an upstream of its routing table is the gateway itself; point stable/canary/previous at model servers (PUT /admin/routing).");
            return;
        }
        var body = await RequestBody.ReadAsync(ctx, options.MaxBufferedBodyBytes, aborted);
        if (body.TooLarge || body.ClientFault is not null)
        {
            var status = body.TooLarge ? StatusCodes.Status413PayloadTooLarge : body.ClientFault!.StatusCode;
            metrics.CountRejected(status);
            await GrpcFailureAsync(ctx, body.TooLarge ? GrpcStatusCodes.ResourceExhausted : GrpcStatusCodes.InvalidArgument, body.TooLarge
                ? $"the request message exceeds the gateway's {options.MaxBufferedBodyBytes} bytes; send a smaller batch."
                : $"the request message was not delivered whole ({body.ClientFault!.Message}); send it again.");
            return;
        }

        var key = table.Strategy == RoutingStrategy.Sticky
            ? RequestKey.ExtractGrpc(table, h => ctx.Request.Headers.TryGetValue(h, out var v) ? v.ToString() : null, body.Bytes)
            : null;
        var decision = selector.Select(table, key);
        var shadowTask = decision.ShadowToCanary && body.IsBuffered && table.Canary is { Grpc: not null } && GrpcRoute.IsInfer(ctx)
            ? shadow.Start(table.Canary!, ctx, body, grpc: true)
            : null;
        var (first, fallback) = Targets(table, decision.Primary == Variant.Canary && table.Canary is not null ? "canary" : "stable");
        // A variant without a gRPC port cannot take the call at all: the other one does, and nothing is counted against either.
        if (first.Upstream.Grpc is null && fallback is { Upstream.Grpc: not null } other) (first, fallback) = (other, null);
        if (first.Upstream.Grpc is null)
        {
            await GrpcFailureAsync(ctx, GrpcStatusCodes.Unavailable,
                $"the {first.Variant} model server (version {first.Upstream.Version}) has no gRPC port in the gateway's routing table; " +
                "use REST, or redeploy so the routing table carries each server's grpc URL (GET /admin/routing shows it).");
            return;
        }

        var scores = (float[]?)null;
        var outcome = await ForwardGrpcAsync(ctx, first, body, allowRetry: body.IsBuffered && fallback is { Upstream.Grpc: not null }, aborted, s => scores = s);
        var answeredBy = first;
        if (outcome is ForwardOutcome.Retry)
        {
            metrics.For(first.Variant, first.Upstream.Version).CountRetry();
            answeredBy = fallback!.Value;
            await ForwardGrpcAsync(ctx, answeredBy, body, allowRetry: false, aborted, s => scores = s);
        }
        if (shadowTask is not null && scores is not null && answeredBy.Variant == "stable") _ = shadow.CompareAsync(scores, shadowTask, table.ShadowTolerance);
    }

    private async Task<ForwardOutcome> ForwardGrpcAsync(HttpContext ctx, Target target, RequestBody body, bool allowRetry, CancellationToken aborted, Action<float[]> onScores)
    {
        var (variant, upstream) = target;
        var m = metrics.For(variant, upstream.Version);
        m.CountRequest();
        var started = time.GetTimestamp();
        using var message = UpstreamRequestFactory.CreateGrpc(upstream, ctx, body);
        ForwardingLoop.Mark(message, options.InstanceId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(options.UpstreamTimeout);

        HttpResponseMessage response;
        byte[] answer;
        try
        {
            response = await client.SendAsync(message, timeout.Token);
            answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            if (aborted.IsCancellationRequested) return ForwardOutcome.ClientGone;
            if (Unanswered(e, m, started, target, $"gRPC {upstream.Grpc}", allowRetry)) return ForwardOutcome.Retry;
            await GrpcFailureAsync(ctx, GrpcStatusCodes.Unavailable, NotAnswered(target, e));
            return ForwardOutcome.Failed;
        }

        using (response)
        {
            outages.MarkUp(upstream);
            var grpcStatus = GrpcStatusOf(response);
            var httpEquivalent = (int)response.StatusCode == 200 ? GrpcStatusCodes.HttpEquivalent(grpcStatus) : (int)response.StatusCode;
            if (httpEquivalent >= 500)
            {
                m.CountError();
                if (allowRetry)
                {
                    m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
                    return ForwardOutcome.Retry;
                }
            }
            await CopyGrpcAnswerAsync(ctx, response, answer, variant, upstream, aborted);
            m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
            if (httpEquivalent == 200 && GrpcRoute.IsInfer(ctx))
            {
                var scores = ScoreReader.ReadGrpc(answer);
                m.ObserveScores(scores);
                onScores(scores);
            }
            return ForwardOutcome.Answered;
        }
    }

    /// <summary>The call's grpc-status: a trailer, or a header of a trailers-only answer; null when the answer has none.</summary>
    internal static string? GrpcStatusOf(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.FirstOrDefault()
        : response.Headers.TryGetValues("grpc-status", out var h) ? h.FirstOrDefault()
        : null;

    private static async Task CopyGrpcAnswerAsync(HttpContext ctx, HttpResponseMessage response, byte[] answer, string variant, Upstream upstream, CancellationToken aborted)
    {
        var target = ctx.Response;
        target.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHopHeaders.Contains(header.Key) || header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            target.Headers[header.Key] = new StringValues(header.Value.ToArray());
        }
        target.Headers["X-Pipeline-Variant"] = variant;
        target.Headers["X-Pipeline-Version"] = upstream.Version;
        try
        {
            if (answer.Length > 0) await target.Body.WriteAsync(answer, aborted);
            foreach (var trailer in response.TrailingHeaders)
                target.AppendTrailer(trailer.Key, new StringValues(trailer.Value.ToArray()));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            ctx.Abort();
        }
    }

    /// <summary>A call the gateway answers itself: a trailers-only gRPC answer (HTTP 200, grpc-status and a percent-encoded grpc-message).</summary>
    private static Task GrpcFailureAsync(HttpContext ctx, int grpcStatus, string detail)
    {
        if (ctx.Response.HasStarted) return Task.CompletedTask;
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/grpc";
        ctx.Response.Headers["grpc-status"] = grpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ctx.Response.Headers["grpc-message"] = Uri.EscapeDataString("Pipeline gateway: " + detail);
        return Task.CompletedTask;
    }
}
