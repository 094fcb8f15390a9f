namespace Pipeline.Deployment.Judge;

/// <summary>What the stable variant showed while a judge watched: the baseline a later stage (blue-green bake) is judged against.</summary>
public sealed record StableBaseline(long Requests, long Errors, HistogramCounts? Latency, HistogramCounts? Scores, LabelledStats? Quality = null);
