using Pipeline.Core.Features;

namespace Pipeline.Serving.Model;

/// <summary>Scores a batch of rows: one positive-class probability per row. Implementations are thread-safe.</summary>
public interface IBatchScorer : IDisposable
{
    float[] Score(FeatureBatch batch);

    /// <summary>Values per row in <see cref="Score"/>'s result: K class probabilities for a multiclass model, else 1.</summary>
    int Width => 1;
}
