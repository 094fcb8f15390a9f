using Pipeline.Core.Features;

namespace Pipeline.Serving.Batching;

/// <summary>Where validated requests wait for the model: a dynamic batcher, or direct per-request calls when batching is off.</summary>
public interface IScoringQueue : IAsyncDisposable
{
    /// <summary>A scoring request has started arriving (its body is being read); the batcher may wait for it.</summary>
    void Expect();

    /// <summary>An expected request will not be scored (bad input, cancelled).</summary>
    void Forget();

    /// <summary>Scores the rows of one request; consumes one <see cref="Expect"/>. Throws <see cref="QueueFullException"/> or <see cref="ModelFailedException"/>.</summary>
    ValueTask<float[]> ScoreAsync(FeatureBatch batch);

    /// <summary>Requests waiting for or inside the model.</summary>
    int Depth { get; }
}
