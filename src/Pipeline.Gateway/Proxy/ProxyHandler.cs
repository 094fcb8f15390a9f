using System.Buffers;
using Microsoft.Extensions.Primitives;
using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Scores;

namespace Pipeline.Gateway.Proxy;

/// <summary>Forwards one client request to the variant the routing table picks; a canary failure is retried once on stable.</summary>
internal sealed class ProxyHandler(
    RoutingState state,
    VariantSelector selector,
    HttpMessageInvoker client,
    GatewayMetrics metrics,
    ShadowMirror shadow,
    TimeProvider time,
    GatewayOptions options,
    ILogger<ProxyHandler> logger)
{
    private const int ScoreCaptureLimit = 1 << 20;

    public async Task HandleAsync(HttpContext ctx)
    {
        var table = state.Current;   // one table for the whole request, even if the admin API swaps it meanwhile
        var aborted = ctx.RequestAborted;
        var body = await RequestBody.ReadAsync(ctx, options.MaxBufferedBodyBytes, aborted);
        if (body.TooLarge)
        {
            await Problem(ctx, StatusCodes.Status413PayloadTooLarge,
                $"request body without Content-Length exceeds {options.MaxBufferedBodyBytes} bytes; send Content-Length or a smaller batch.");
            return;
        }

        var key = table.Strategy == RoutingStrategy.Sticky
            ? RequestKey.Extract(table, h => ctx.Request.Headers.TryGetValue(h, out var v) ? v.ToString() : null, body.Bytes)
            : null;
        var decision = selector.Select(table, key);
        var shadowTask = decision.ShadowToCanary && body.IsBuffered && table.Canary is not null ? shadow.Start(table.Canary, ctx, body) : null;

        if (decision.Primary == Variant.Canary && table.Canary is not null)
        {
            var outcome = await ForwardAsync(ctx, table.Canary, "canary", body, allowRetry: body.IsBuffered, aborted);
            if (outcome is not ForwardOutcome.RetryOnStable) return;
            metrics.For("canary", table.Canary.Version).CountRetry();
        }

        var scores = await ForwardStableAsync(ctx, table.Stable, body, aborted);
        // Compared only when stable answered with scores; the client is not kept waiting for the shadow.
        if (shadowTask is not null && scores is not null) _ = shadow.CompareAsync(scores, shadowTask, table.ShadowTolerance);
    }

    private async Task<float[]?> ForwardStableAsync(HttpContext ctx, Upstream stable, RequestBody body, CancellationToken aborted)
    {
        var scores = (float[]?)null;
        await ForwardAsync(ctx, stable, "stable", body, allowRetry: false, aborted, s => scores = s);
        return scores;
    }

    private async Task<ForwardOutcome> ForwardAsync(
        HttpContext ctx, Upstream upstream, string variant, RequestBody body, bool allowRetry, CancellationToken aborted, Action<float[]>? onScores = null)
    {
        var m = metrics.For(variant, upstream.Version);
        m.CountRequest();
        var started = time.GetTimestamp();
        using var message = UpstreamRequestFactory.Create(upstream, ctx, body);
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
            m.CountError();
            m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
            if (allowRetry) return ForwardOutcome.RetryOnStable;
            logger.LogWarning("{Variant} upstream {Url} failed: {Error}", variant, upstream.Url, e.Message);
            await Problem(ctx, StatusCodes.Status502BadGateway,
                $"{variant} upstream {upstream.Url} (version {upstream.Version}) did not answer: {e.Message}. Check that the model server runs (./build.sh Status).");
            return ForwardOutcome.Failed;
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                m.CountError();
                if (allowRetry)
                {
                    m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
                    return ForwardOutcome.RetryOnStable;
                }
            }
            var captured = await CopyResponseAsync(ctx, response, variant, upstream, m, aborted);
            m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
            if (captured is not null && response.IsSuccessStatusCode)
            {
                var scores = ScoreParser.Parse(captured.WrittenSpan);
                m.ObserveScores(scores);
                onScores?.Invoke(scores);
            }
            return ForwardOutcome.Answered;
        }
    }

    /// <summary>Streams status, headers and body to the client, keeping a copy of a JSON body (up to 1 MiB) to read scores from.</summary>
    private static async Task<ArrayBufferWriter<byte>?> CopyResponseAsync(
        HttpContext ctx, HttpResponseMessage response, string variant, Upstream upstream, VariantMetrics m, CancellationToken aborted)
    {
        var target = ctx.Response;
        target.StatusCode = (int)response.StatusCode;
        CopyHeaders(response.Headers, target.Headers);
        CopyHeaders(response.Content.Headers, target.Headers);
        target.Headers["X-Pipeline-Variant"] = variant;
        target.Headers["X-Pipeline-Version"] = upstream.Version;

        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var capture = isJson ? new ArrayBufferWriter<byte>(4096) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var source = await response.Content.ReadAsStreamAsync(aborted);
            int read;
            while ((read = await source.ReadAsync(buffer, aborted)) > 0)
            {
                await target.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                if (capture is not null && capture.WrittenCount + read <= ScoreCaptureLimit) capture.Write(buffer.AsSpan(0, read));
                else capture = null;
            }
            return capture;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // Headers are already sent: the only honest signal left is to abort the client connection.
            if (!aborted.IsCancellationRequested) m.CountError();
            ctx.Abort();
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var header in from)
        {
            if (HopByHopHeaders.Contains(header.Key)) continue;
            to[header.Key] = new StringValues(header.Value.ToArray());
        }
    }

    private static Task Problem(HttpContext ctx, int status, string detail)
    {
        if (ctx.Response.HasStarted) return Task.CompletedTask;
        return Results.Problem(detail: detail, statusCode: status, title: "Pipeline gateway").ExecuteAsync(ctx);
    }

    private enum ForwardOutcome
    {
        Answered,
        RetryOnStable,
        Failed,
        ClientGone,
    }
}
