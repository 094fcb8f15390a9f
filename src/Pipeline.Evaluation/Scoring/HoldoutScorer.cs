using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Evaluation.Scoring;

/// <summary>Scores rows through ONNX Runtime (<see cref="ModelScorer"/>), in fixed chunks on all cores; the trainer's own arithmetic is never used.</summary>
public static class HoldoutScorer
{
    private const int ChunkRows = 16_384;

    public static float[] Score(string onnxPath, FeatureMapping mapping, FeatureBatch batch, ScorerOptions? options = null)
    {
        using var scorer = ModelScorer.Open(onnxPath, mapping, options ?? new ScorerOptions { MaxBatchRows = ChunkRows });
        return Score(scorer, batch);
    }

    public static float[] Score(ModelScorer scorer, FeatureBatch batch)
    {
        var scores = new float[batch.Rows];
        var chunks = (batch.Rows + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, chunks, c =>
        {
            var start = c * ChunkRows;
            var count = Math.Min(ChunkRows, batch.Rows - start);
            scorer.Score(batch, start, count, scores.AsSpan(start, count));
        });
        return scores;
    }
}
