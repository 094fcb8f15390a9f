namespace Pipeline.Evaluation.Tasks;

/// <summary>What the gate measured for a multiclass or regression model on the holdout (or one segment of it).</summary>
public sealed record TaskMetrics
{
    public required string Task { get; init; }
    public required int Rows { get; init; }
    public required IReadOnlyList<TaskMetric> Metrics { get; init; }

    /// <summary>Multiclass: class names in index order.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Multiclass: <c>Confusion[label][predicted]</c> row counts.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; } = [];

    /// <summary>Multiclass: recall of each class (NaN-free: a class absent from the rows has recall 0 and support 0).</summary>
    public IReadOnlyList<double> ClassRecall { get; init; } = [];

    public IReadOnlyList<int> ClassSupport { get; init; } = [];

    /// <summary>Regression: residual (prediction − label) quantiles 5 %, 25 %, 50 %, 75 %, 95 %.</summary>
    public IReadOnlyList<double> ResidualQuantiles { get; init; } = [];

    public TaskMetric? this[string name] => Metrics.FirstOrDefault(m => m.Name == name);
}
