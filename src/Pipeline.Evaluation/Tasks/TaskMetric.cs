namespace Pipeline.Evaluation.Tasks;

/// <summary>One holdout metric of a multiclass or regression model with its 95 % bootstrap interval.</summary>
public sealed record TaskMetric(string Name, double Value, double Lower, double Upper);
