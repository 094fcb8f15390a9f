using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>Cumulative counters of one variant read from the gateway's <c>/metrics</c>; subtracting two scrapes gives a judge sample.</summary>
public sealed record VariantCounters(long Requests, long Errors, HistogramCounts Latency, HistogramCounts Scores, long ShadowComparisons, long ShadowDisagreements)
{
    public VariantSample Since(VariantCounters? earlier) => earlier is null
        ? new VariantSample { Requests = Requests, Errors = Errors, Latency = Latency, Scores = Scores, ShadowComparisons = ShadowComparisons, ShadowDisagreements = ShadowDisagreements }
        : new VariantSample
        {
            Requests = Math.Max(0, Requests - earlier.Requests),
            Errors = Math.Max(0, Errors - earlier.Errors),
            Latency = Latency.Minus(earlier.Latency),
            Scores = Scores.Minus(earlier.Scores),
            ShadowComparisons = Math.Max(0, ShadowComparisons - earlier.ShadowComparisons),
            ShadowDisagreements = Math.Max(0, ShadowDisagreements - earlier.ShadowDisagreements),
        };
}
