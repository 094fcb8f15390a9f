using System.Globalization;
using Microsoft.AspNetCore.Http;
using Pipeline.Core.Features;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Faults;

/// <summary>Test-only faults a canary can be started with, so rollouts can be shown to roll back: a share of scoring requests
/// answered 500, extra latency per scoring request, scores shifted by a constant.</summary>
/// <remarks>Read from <c>PIPELINE_SERVING_FAULTS</c> = <c>&lt;version&gt;:error-rate=0.2,latency-ms=200,score-shift=0.3[,seed=1]</c>
/// (several specs separated by <c>;</c>); a spec applies only to the server of that version, so one environment can hold a fault for the
/// canary while stable runs clean. Ignored unless <c>PIPELINE_SERVING_TEST_HOOKS=1</c>.</remarks>
public sealed class FaultInjection
{
    public const string Variable = "PIPELINE_SERVING_FAULTS";
    private const string GrpcInferPath = "/inference.GRPCInferenceService/ModelInfer";
    private readonly Random _random;
    private readonly Lock _gate = new();

    private FaultInjection(double errorRate, double latencyMs, double scoreShift, int seed)
    {
        ErrorRate = errorRate;
        LatencyMs = latencyMs;
        ScoreShift = scoreShift;
        _random = new Random(seed);
    }

    public double ErrorRate { get; }
    public double LatencyMs { get; }
    public double ScoreShift { get; }

    /// <summary>The faults for <paramref name="version"/>, or null when none are configured (or test hooks are off).</summary>
    public static FaultInjection? For(string version, IReadOnlyDictionary<string, string?> environment)
    {
        if (environment.GetValueOrDefault("PIPELINE_SERVING_TEST_HOOKS") != "1") return null;
        var text = environment.GetValueOrDefault(Variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var spec in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = spec.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || spec[..colon] != version) continue;
            double error = 0, latency = 0, shift = 0;
            var seed = 1;
            foreach (var pair in spec[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
                var number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                    : throw new FormatException($"{Variable} spec \"{spec}\": {key} needs a number, got \"{value}\"");
                switch (key)
                {
                    case "error-rate" when number is >= 0 and <= 1: error = number; break;
                    case "latency-ms" when number >= 0: latency = number; break;
                    case "score-shift": shift = number; break;
                    case "seed": seed = (int)number; break;
                    default: throw new FormatException($"{Variable} spec \"{spec}\": unknown or out-of-range \"{pair}\" (expected error-rate 0..1, latency-ms ≥ 0, score-shift, seed)");
                }
            }
            return new FaultInjection(error, latency, shift, seed);
        }
        return null;
    }

    /// <summary>Middleware: scoring routes (<c>:predict</c>, <c>/infer</c>) get the extra latency, then a 500 with the configured probability
    /// (the server's own warm-up requests pass untouched: the faults are for the traffic a canary judge sees).</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next, Hosting.Readiness readiness)
    {
        var path = context.Request.Path.Value ?? "";
        var grpc = path == GrpcInferPath;
        if (Hosting.HttpWarmup.IsWarmup(context.Request, readiness) || !HttpMethods.IsPost(context.Request.Method) || !(grpc || path.EndsWith(":predict", StringComparison.Ordinal) || path.EndsWith("/infer", StringComparison.Ordinal)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (LatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(LatencyMs), context.RequestAborted).ConfigureAwait(false);
        bool fail;
        lock (_gate) fail = ErrorRate > 0 && _random.NextDouble() < ErrorRate;
        if (fail && grpc)
        {
            // A trailers-only gRPC answer: status in the headers, no message.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "13";
            context.Response.Headers["grpc-message"] = "injected fault (PIPELINE_SERVING_FAULTS error-rate)";
            return;
        }
        if (fail)
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":\"injected fault (PIPELINE_SERVING_FAULTS error-rate)\"}", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>Wraps the scorer so every score is moved by <see cref="ScoreShift"/> (clamped to [0, 1]); unchanged when there is no shift.</summary>
    public IBatchScorer Wrap(IBatchScorer scorer, bool unbounded = false) => ScoreShift == 0 ? scorer : new ShiftedScorer(scorer, (float)ScoreShift, unbounded);

    private sealed class ShiftedScorer(IBatchScorer inner, float shift, bool unbounded) : IBatchScorer
    {
        public float[] Score(FeatureBatch batch)
        {
            var scores = inner.Score(batch);
            // A probability stays in [0, 1]; a regression value is moved unclamped; class probabilities are left as they are.
            if (inner.Width == 1 && !unbounded)
                for (var i = 0; i < scores.Length; i++) scores[i] = Math.Clamp(scores[i] + shift, 0f, 1f);
            else if (inner.Width == 1)
                for (var i = 0; i < scores.Length; i++) scores[i] += shift;
            return scores;
        }

        public int Width => inner.Width;

        public void Dispose() => inner.Dispose();
    }
}
