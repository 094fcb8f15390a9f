namespace Pipeline.Core.Models;

/// <summary>Quality gate policy: absolute thresholds, operating point, champion comparison and segments.</summary>
public sealed record EvaluationPolicy
{
    public double MinAuc { get; init; } = 0.80;
    public double? MinPrAuc { get; init; }
    public double? MaxLogLoss { get; init; }
    public double? MaxBrier { get; init; }
    public double? MaxCalibrationError { get; init; }

    /// <summary>Operating threshold policy: <c>fixed</c>, <c>max-f1</c> or <c>target-fpr</c>.</summary>
    public string ThresholdPolicy { get; init; } = "max-f1";

    /// <summary>The fixed threshold, or the target false-positive rate.</summary>
    public double ThresholdValue { get; init; } = 0.5;

    /// <summary>Non-inferiority margin δ on AUC versus the champion (challenger − champion &gt; −δ).</summary>
    public double ChampionMargin { get; init; } = 0.01;

    /// <summary>Confidence of the one-sided non-inferiority test.</summary>
    public double ChampionConfidence { get; init; } = 0.95;

    public List<SegmentSpec> Segments { get; init; } = [];
}

/// <summary>A column whose values define segments evaluated separately.</summary>
public sealed record SegmentSpec
{
    public string Column { get; init; } = "";

    /// <summary>Segments with fewer rows (or fewer positives than 10) are reported, not judged.</summary>
    public int MinSupport { get; init; } = 500;
}
