using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Gate;

/// <summary>Everything the EvaluateGate measured, plus its verdict: stored as the <c>evaluation-report</c> artifact.</summary>
public sealed record EvaluationReport
{
    public required string Subject { get; init; }

    /// <summary>Null when the scores were not usable (see the output sanity checks).</summary>
    public MetricSet? Overall { get; init; }
    public required string ThresholdPolicy { get; init; }
    public IReadOnlyList<SegmentReport> Segments { get; init; } = [];
    public ChampionComparison? Champion { get; init; }
    public required Verdict Verdict { get; init; }

    /// <summary>ROC, precision–recall and reliability curves for the run report; null when the scores were not usable.</summary>
    public EvaluationCurves? Curves { get; init; }

    /// <summary><c>binary</c>, <c>multiclass</c> or <c>regression</c>: which of the metric sections is filled.</summary>
    public string Task { get; init; } = "binary";

    /// <summary>Multiclass / regression metrics with bootstrap intervals; null for binary or unusable outputs.</summary>
    public Tasks.TaskMetrics? TaskMetrics { get; init; }
    public IReadOnlyList<Tasks.TaskSegment> TaskSegments { get; init; } = [];
    public Tasks.TaskChampionComparison? TaskChampion { get; init; }
}
