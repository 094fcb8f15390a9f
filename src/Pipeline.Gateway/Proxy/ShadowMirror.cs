using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Scores;

namespace Pipeline.Gateway.Proxy;

/// <summary>Sends shadow copies to the canary off the client's path and measures how often its scores disagree with stable.</summary>
internal sealed class ShadowMirror(HttpMessageInvoker client, GatewayMetrics metrics, TimeProvider time, GatewayOptions options, CancellationToken stopping)
{
    private int _inFlight;

    /// <summary>Starts the copy now (the request is built before the client's context is recycled); null when too many copies are in flight.</summary>
    /// <param name="grpc">A gRPC ModelInfer call: the copy goes to the canary's gRPC port and its answer is read as a gRPC message.</param>
    public Task<ShadowAnswer>? Start(Upstream canary, HttpContext ctx, RequestBody body, bool grpc = false)
    {
        if (Interlocked.Increment(ref _inFlight) > options.MaxShadowInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            return null;
        }
        var message = grpc ? UpstreamRequestFactory.CreateGrpc(canary, ctx, body) : UpstreamRequestFactory.Create(canary, ctx, body);
        return SendAsync(canary, message, grpc);
    }

    /// <summary>Compares once the shadow answered; the client has already been served.</summary>
    public async Task CompareAsync(float[] stableScores, Task<ShadowAnswer> shadow, double tolerance)
    {
        var answer = await shadow.ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            metrics.RecordShadowComparison(disagreed: true, double.NaN);
            return;
        }
        if (answer.Scores.Length != stableScores.Length)
        {
            metrics.RecordShadowComparison(disagreed: true, double.NaN);
            return;
        }
        double max = 0;
        for (var i = 0; i < stableScores.Length; i++) max = Math.Max(max, Math.Abs(stableScores[i] - answer.Scores[i]));
        metrics.RecordShadowComparison(max > tolerance, max);
    }

    private async Task<ShadowAnswer> SendAsync(Upstream canary, HttpRequestMessage message, bool grpc)
    {
        var m = metrics.For("canary", canary.Version);
        m.CountRequest();
        m.CountShadowRequest();
        var started = time.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(options.UpstreamTimeout);
            using var response = await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            m.Latency.Observe(time.GetElapsedTime(started).TotalSeconds);
            var status = grpc && (int)response.StatusCode == 200
                ? Pipeline.Protocol.Grpc.GrpcStatusCodes.HttpEquivalent(ProxyHandler.GrpcStatusOf(response))
                : (int)response.StatusCode;
            if (status >= 500)
            {
                m.CountError();
                return new ShadowAnswer(false, []);
            }
            var succeeded = status is >= 200 and < 300;
            var scores = !succeeded ? [] : grpc ? Pipeline.Protocol.Scores.ScoreReader.ReadGrpc(bytes) : ScoreParser.Parse(bytes, ProxyHandler.BinaryHeader(response));
            m.ObserveScores(scores);
            return new ShadowAnswer(succeeded, scores);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            m.CountError();
            return new ShadowAnswer(false, []);
        }
        finally
        {
            message.Dispose();
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
