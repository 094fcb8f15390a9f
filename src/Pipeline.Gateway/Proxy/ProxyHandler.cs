using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Scores;

namespace Pipeline.Gateway.Proxy;

/// <summary>
/// Forwards one client request to the variant the routing table picks. A failure (no connection, 5xx) of a buffered request —
/// inference is idempotent — is retried once on another variant not known to be down (canary → stable; stable → a warm
/// previous, else the canary); while stable is known down its traffic goes to that variant first. A body the client cannot
/// deliver is the client's fault (400/408/413), answered by the gateway and never counted against a variant.
/// </summary>
internal sealed partial class ProxyHandler(
    RoutingState state,
    VariantSelector selector,
    HttpMessageInvoker client,
    GatewayMetrics metrics,
    ShadowMirror shadow,
    UpstreamOutages outages,
    TimeProvider time,
    GatewayOptions options,
    ILogger<ProxyHandler> logger)
{
    private const int ScoreCaptureLimit = 1 << 20;

    public async Task HandleAsync(HttpContext ctx)
    {
        var table = state.Current;   // one table for the whole request, even if the admin API swaps it meanwhile
        var aborted = ctx.RequestAborted;
        if (ForwardingLoop.CameThrough(ctx, options.InstanceId))
        {
            await RejectAsync(ctx, StatusCodes.Status508LoopDetected,
                "this request already passed through this gateway: an upstream of its routing table is the gateway itself; " +
                "point stable/canary/previous at model servers (PUT /admin/routing).");
            return;
        }
        var body = await RequestBody.ReadAsync(ctx, options.MaxBufferedBodyBytes, aborted);
        if (body.TooLarge)
        {
            await RejectAsync(ctx, StatusCodes.Status413PayloadTooLarge,
                $"request body without Content-Length exceeds {options.MaxBufferedBodyBytes} bytes; send Content-Length or a smaller batch.");
            return;
        }
        if (body.ClientFault is { } fault)
        {
            await ClientFaultAsync(ctx, fault);
            return;
        }

        var key = table.Strategy == RoutingStrategy.Sticky
            ? RequestKey.Extract(table, h => ctx.Request.Headers.TryGetValue(h, out var v) ? v.ToString() : null, body.Bytes)
            : null;
        var decision = selector.Select(table, key);
        var shadowTask = decision.ShadowToCanary && body.IsBuffered && table.Canary is not null ? shadow.Start(table.Canary, ctx, body) : null;

        var (first, fallback) = Targets(table, decision.Primary == Variant.Canary && table.Canary is not null ? "canary" : "stable");
        var scores = (float[]?)null;
        var outcome = await ForwardAsync(ctx, first, body, allowRetry: body.IsBuffered && fallback is not null, aborted, s => scores = s);
        var answeredBy = first;
        if (outcome is ForwardOutcome.Retry)
        {
            metrics.For(first.Variant, first.Upstream.Version).CountRetry();
            answeredBy = fallback!.Value;
            outcome = await ForwardAsync(ctx, answeredBy, body, allowRetry: false, aborted, s => scores = s);
        }
        // Compared only when stable answered with scores; the client is not kept waiting for the shadow.
        if (shadowTask is not null && scores is not null && answeredBy.Variant == "stable") _ = shadow.CompareAsync(scores, shadowTask, table.ShadowTolerance);
    }

    /// <summary>
    /// The variant to try first and the one to retry on. A canary is always tried (its failures are the judge's evidence) and
    /// retried on stable, else previous; stable is retried on a warm previous, else the canary, and while stable is known down
    /// its traffic goes to previous first.
    /// </summary>
    private (Target First, Target? Fallback) Targets(RoutingTable table, string primary)
    {
        var stable = new Target("stable", table.Stable);
        Target? previous = table.Previous is { } p && p.BaseUrl != table.Stable.BaseUrl ? new Target("previous", p) : null;
        Target? canary = table.Canary is { } c ? new Target("canary", c) : null;
        if (primary == "canary") return (canary!.Value, Healthy(stable) ?? Healthy(previous) ?? stable);
        if (outages.IsDown(table.Stable) && Healthy(previous) is { } warm) return (warm, Healthy(canary) ?? stable);
        return (stable, Healthy(previous) ?? Healthy(canary) ?? previous ?? canary);
    }

    private Target? Healthy(Target? target) => target is { } t && !outages.IsDown(t.Upstream) ? t : null;

    private async Task<ForwardOutcome> ForwardAsync(HttpContext ctx, Target target, RequestBody body, bool allowRetry, CancellationToken aborted, Action<float[]> onScores)
    {
        var (variant, upstream) = target;
        var m = metrics.For(variant, upstream.Version);
        m.CountRequest();
        var started = time.GetTimestamp();
        using var message = UpstreamRequestFactory.Create(upstream, ctx, body);
        ForwardingLoop.Mark(message, options.InstanceId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(options.UpstreamTimeout);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            if (aborted.IsCancellationRequested) return ForwardOutcome.ClientGone;
            if (body.Source?.Failure is { } fault)
            {
                await ClientFaultAsync(ctx, fault);
                return ForwardOutcome.Failed;
            }
            if (Unanswered(e, m, started, target, upstream.Url, allowRetry)) return ForwardOutcome.Retry;
            await Problem(ctx, StatusCodes.Status502BadGateway, NotAnswered(target, e));
            return ForwardOutcome.Failed;
        }

        using (response)
        {
            outages.MarkUp(upstream);
            if ((int)response.StatusCode >= 500)
            {
                m.CountError();
                if (allowRetry)
                {
                    m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
                    return ForwardOutcome.Retry;
                }
            }
            var captured = await CopyResponseAsync(ctx, response, variant, upstream, m, aborted);
            m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
            if (captured is not null && response.IsSuccessStatusCode)
            {
                var scores = ScoreParser.Parse(captured.WrittenSpan, BinaryHeader(response));
                m.ObserveScores(scores);
                onScores(scores);
            }
            return ForwardOutcome.Answered;
        }
    }

    private readonly record struct Target(string Variant, Upstream Upstream);

    /// <summary>
    /// An upstream that did not answer (refused, timed out, broken stream), for REST and gRPC alike: counted as the variant's error with
    /// its latency, a refused connection marks the upstream down, and the address is logged. True when another variant may take the call.
    /// </summary>
    private bool Unanswered(Exception e, VariantMetrics m, long started, Target target, string url, bool allowRetry)
    {
        m.CountError();
        m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }) outages.MarkDown(target.Upstream);
        logger.LogWarning("{Variant} upstream {Url} (version {Version}) failed: {Error}", target.Variant, url, target.Upstream.Version, e.Message);
        return allowRetry;
    }

    /// <summary>What the client is told when no variant answered: what failed and what to do, not where it runs (the address stays in the log).</summary>
    private string NotAnswered(Target target, Exception e) =>
        $"the {target.Variant} model server (version {target.Upstream.Version}) did not answer{(e is OperationCanceledException ? $" within {options.UpstreamTimeout.TotalSeconds:0.#} s" : "")}; " +
        "the request was not scored. Retry it; if it persists, the operator checks ./build.sh Status.";

    private enum ForwardOutcome
    {
        Answered,
        Retry,
        Failed,
        ClientGone,
    }
}
