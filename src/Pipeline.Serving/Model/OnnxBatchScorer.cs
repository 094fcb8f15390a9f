using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Serving.Model;

/// <summary>The real scorer: ONNX Runtime through <see cref="ModelScorer"/> (thread-safe; named/tensor mappings, [N]/[N,2]/ZipMap outputs).</summary>
internal sealed class OnnxBatchScorer(ModelScorer scorer) : IBatchScorer
{
    public static OnnxBatchScorer Open(string onnxFile, FeatureMapping mapping, int maxBatchRows, int intraOpThreads = 1)
    {
        var options = new ScorerOptions
        {
            Session = new Pipeline.Onnx.Runtime.SessionOptions { IntraOpThreads = intraOpThreads, InterOpThreads = 1 },
            MaxBatchRows = Math.Max(4096, maxBatchRows),
        };
        return new OnnxBatchScorer(ModelScorer.Open(onnxFile, mapping, options));
    }

    public float[] Score(FeatureBatch batch) => scorer.Score(batch);

    public int Width => scorer.Width;

    public void Dispose() => scorer.Dispose();
}
