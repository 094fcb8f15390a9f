using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Evaluation.Scoring;

/// <summary>Scores rows through ONNX Runtime (<see cref="ModelScorer"/>), in fixed chunks on all cores; the trainer's own arithmetic is never used.</summary>
public static class HoldoutScorer
{
    private const int ChunkRows = 16_384;

    /// <summary>
    /// Default for the holdout: 16 384-row chunks in parallel on all cores, ORT's own intra-op thread pool in each call (measured faster
    /// than one intra-op thread per call on the 2-core machine: see bench/Training/README.md).
    /// </summary>
    public static ScorerOptions DefaultOptions { get; } = new() { MaxBatchRows = ChunkRows };

    public static float[] Score(string onnxPath, FeatureMapping mapping, FeatureBatch batch, ScorerOptions? options = null)
    {
        using var scorer = ModelScorer.Open(onnxPath, mapping, options ?? DefaultOptions);
        return Score(scorer, batch);
    }

    /// <summary>One value per row, or K class probabilities per row (row-major) for a multiclass mapping.</summary>
    public static float[] Score(ModelScorer scorer, FeatureBatch batch)
    {
        var width = scorer.Width;
        var scores = new float[batch.Rows * width];
        var chunks = (batch.Rows + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, chunks, c =>
        {
            var start = c * ChunkRows;
            var count = Math.Min(ChunkRows, batch.Rows - start);
            scorer.Score(batch, start, count, scores.AsSpan(start * width, count * width));
        });
        return scores;
    }
}
