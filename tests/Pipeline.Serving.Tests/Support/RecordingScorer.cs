using System.Collections.Concurrent;
using Pipeline.Core.Features;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Tests.Support;

/// <summary>Wraps a scorer and records the rows of every model call, in call order.</summary>
public sealed class RecordingScorer(IBatchScorer inner) : IBatchScorer
{
    private readonly ConcurrentQueue<int> _calls = new();

    /// <summary>Runs before each call with the call's rows (e.g. to hold the first call until more requests queue).</summary>
    public Action<int>? BeforeCall { get; set; }

    public IReadOnlyList<int> Calls => _calls.ToArray();

    public float[] Score(FeatureBatch batch)
    {
        _calls.Enqueue(batch.Rows);
        BeforeCall?.Invoke(batch.Rows);
        return inner.Score(batch);
    }

    public void Dispose() => inner.Dispose();
}
