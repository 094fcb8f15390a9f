namespace Pipeline.Deployment.Judge;

/// <summary>What one variant did between two scrapes: requests, failures, latency and score histograms, shadow comparisons.</summary>
public sealed record VariantSample
{
    public long Requests { get; init; }

    /// <summary>Requests that failed on this variant (5xx or connection error), including those the gateway retried on stable.</summary>
    public long Errors { get; init; }

    /// <summary>Request latency in seconds.</summary>
    public required HistogramCounts Latency { get; init; }

    /// <summary>Predicted positive-class probabilities.</summary>
    public required HistogramCounts Scores { get; init; }

    /// <summary>Shadow comparisons made (shadow strategy only) and how many disagreed beyond tolerance.</summary>
    public long ShadowComparisons { get; init; }
    public long ShadowDisagreements { get; init; }

    /// <summary>Answers of this variant whose labels came with the traffic (online quality); empty without labels.</summary>
    public IReadOnlyList<LabelledScore> Labelled { get; init; } = [];
}
