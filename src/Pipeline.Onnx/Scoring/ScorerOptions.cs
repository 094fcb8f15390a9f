using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Scoring;

/// <summary>How a <see cref="ModelScorer"/> runs: session options, largest batch per native run, positive class key.</summary>
public sealed record ScorerOptions
{
    public SessionOptions Session { get; init; } = SessionOptions.Default;

    /// <summary>Rows per ONNX Runtime call; larger batches are split (bounds native memory per call).</summary>
    public int MaxBatchRows { get; init; } = 4096;

    /// <summary>Key of the positive class in a ZipMap output with string keys (int64 keys use 1).</summary>
    public string PositiveLabel { get; init; } = "1";

    /// <summary>Multiclass: class names in index order, for a ZipMap whose string keys are the names rather than "0".."K-1".</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
