using Pipeline.Core.Features;

namespace Pipeline.Serving.Model;

/// <summary>Test hook: a model made slow on purpose (sleeps before every call), so the BenchmarkGate can be shown to fail it.</summary>
internal sealed class DelayedScorer(IBatchScorer inner, TimeSpan delay) : IBatchScorer
{
    public float[] Score(FeatureBatch batch)
    {
        Thread.Sleep(delay);
        return inner.Score(batch);
    }

    public int Width => inner.Width;

    public void Dispose() => inner.Dispose();
}
