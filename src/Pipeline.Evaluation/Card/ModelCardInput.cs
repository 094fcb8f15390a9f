using Pipeline.Core.Models;
using Pipeline.Evaluation.Gate;

namespace Pipeline.Evaluation.Card;

/// <summary>Facts a model card is made of: the model's configuration, its training lineage and its evaluation.</summary>
public sealed record ModelCardInput
{
    public required ModelConfig Config { get; init; }
    public required EvaluationReport Evaluation { get; init; }

    /// <summary>Digest of the ONNX model evaluated.</summary>
    public required string ModelDigest { get; init; }

    /// <summary>Digest of the dataset file the model was trained and evaluated on.</summary>
    public string DataDigest { get; init; } = "";

    /// <summary>How rows were split, e.g. "hash(transaction_id) &lt; 0.25: 45000 train / 15000 holdout".</summary>
    public string SplitDescription { get; init; } = "";

    /// <summary>Rows used for training.</summary>
    public long TrainingRows { get; init; }

    /// <summary>Optional lines summarising the data profile (one bullet each).</summary>
    public IReadOnlyList<string> ProfileSummary { get; init; } = [];

    /// <summary>Lineage facts (name → value), e.g. trainer, hyperparameters, run id, git commit.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Lineage { get; init; } = [];
}
