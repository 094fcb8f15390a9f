namespace Pipeline.Evaluation.Metrics;

/// <summary>Every metric of one set of rows (overall or one segment). AUC-based values are null when a class is absent.</summary>
public sealed record MetricSet
{
    public required long Rows { get; init; }
    public required long Positives { get; init; }
    public double? Auc { get; init; }
    public double? AucLower { get; init; }
    public double? AucUpper { get; init; }
    public double? PrAuc { get; init; }
    public required double LogLoss { get; init; }
    public required double Brier { get; init; }
    public required double CalibrationError { get; init; }
    public required double Threshold { get; init; }
    public required ConfusionMatrix Confusion { get; init; }
}
