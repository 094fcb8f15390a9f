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

    /// <summary>Non-inferiority margin δ versus the champion: on AUC for binary (challenger − champion &gt; −δ); on mean log loss (nats) for
    /// multiclass (challenger − champion &lt; δ); relative on mean squared error for regression (challenger MSE &lt; (1 + δ) · champion MSE).</summary>
    public double ChampionMargin { get; init; } = 0.01;

    /// <summary>Confidence of the one-sided non-inferiority test.</summary>
    public double ChampionConfidence { get; init; } = 0.95;

    public List<SegmentSpec> Segments { get; init; } = [];

    // Multiclass (task: multiclass). maxLogLoss above applies too (mean −log p of the true class).

    /// <summary>Multiclass: lowest accuracy (share of rows whose most probable class is the label).</summary>
    public double? MinAccuracy { get; init; }

    /// <summary>Multiclass: lowest macro-averaged F1 over the classes.</summary>
    public double? MinMacroF1 { get; init; }

    /// <summary>Multiclass: k of the top-k accuracy check (label among the k most probable classes).</summary>
    public int TopK { get; init; } = 3;

    /// <summary>Multiclass: lowest top-k accuracy.</summary>
    public double? MinTopKAccuracy { get; init; }

    /// <summary>Multiclass: lowest recall of any single class (a class the model never gets right fails the gate).</summary>
    public double? MinClassRecall { get; init; }

    // Regression (task: regression), in the label's units.

    /// <summary>Regression: largest root mean squared error.</summary>
    public double? MaxRmse { get; init; }

    /// <summary>Regression: largest mean absolute error.</summary>
    public double? MaxMae { get; init; }

    /// <summary>Regression: lowest coefficient of determination R².</summary>
    public double? MinR2 { get; init; }

    /// <summary>Regression: largest |mean residual| (prediction − label): a systematic bias.</summary>
    public double? MaxResidualBias { get; init; }
}

/// <summary>A column whose values define segments evaluated separately.</summary>
public sealed record SegmentSpec
{
    public string Column { get; init; } = "";

    /// <summary>Segments with fewer rows (or fewer positives than 10) are reported, not judged.</summary>
    public int MinSupport { get; init; } = 500;
}
