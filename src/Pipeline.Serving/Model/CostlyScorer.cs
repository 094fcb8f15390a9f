using System.Diagnostics;
using Pipeline.Core.Features;

namespace Pipeline.Serving.Model;

/// <summary>Test hook: a model made costlier on purpose (spins on the CPU for a fixed time per row), so the BenchmarkGate's cost comparison can be shown to catch it.</summary>
internal sealed class CostlyScorer(IBatchScorer inner, double microsecondsPerRow) : IBatchScorer
{
    public float[] Score(FeatureBatch batch)
    {
        // Spinning, not sleeping: the extra time is CPU the server pays for every row, as a heavier graph would be.
        var until = Stopwatch.GetTimestamp() + (long)(microsecondsPerRow * batch.Rows * Stopwatch.Frequency / 1_000_000);
        while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(8);
        return inner.Score(batch);
    }

    public void Dispose() => inner.Dispose();
}
