using Pipeline.Core.Models;

namespace Pipeline.Evaluation.Gate;

/// <summary>What the EvaluateGate judges: the candidate's holdout scores, labels, segment columns, and optionally the champion's scores on the same rows.</summary>
public sealed record EvaluationInput
{
    /// <summary>What is judged, e.g. <c>fraud-detector sha256:ab12…</c>.</summary>
    public required string Subject { get; init; }
    /// <summary>One probability (binary) or value (regression) per row, or K class probabilities per row, row-major (multiclass).</summary>
    public required float[] Scores { get; init; }
    public required float[] Labels { get; init; }
    public required EvaluationPolicy Policy { get; init; }

    /// <summary>Values of each segment column (policy.segments) for the same rows.</summary>
    public IReadOnlyDictionary<string, string?[]> SegmentColumns { get; init; } = new Dictionary<string, string?[]>();

    /// <summary>The champion's name/version and its scores on the same rows; null when there is no champion.</summary>
    public ChampionScores? Champion { get; init; }

    /// <summary>Reason given with <c>--force-accept</c>; overrides a failed gate and is recorded.</summary>
    public string? ForceAcceptReason { get; init; }

    public ModelTask Task { get; init; } = ModelTask.Binary;

    /// <summary>Multiclass: class names in index order (K = their count).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Regression: the training rows' labels, for the plausible-range sanity check.</summary>
    public float[] TrainingLabels { get; init; } = [];
}

/// <summary>The champion model's identity and its scores on the evaluation rows.</summary>
public sealed record ChampionScores(string Name, float[] Scores);
