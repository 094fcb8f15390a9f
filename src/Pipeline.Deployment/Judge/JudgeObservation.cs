namespace Pipeline.Deployment.Judge;

/// <summary>One scrape interval of evidence: the time it ended, the canary weight in force, and each variant's increments.</summary>
public sealed record JudgeObservation(DateTimeOffset Time, double CanaryWeightPercent, VariantSample Stable, VariantSample Canary);
