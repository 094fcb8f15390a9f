using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>Cumulative counters of one variant read from the gateway's <c>/metrics</c>; subtracting two scrapes gives a judge sample.</summary>
public sealed record VariantCounters(long Requests, long Errors, HistogramCounts Latency, HistogramCounts Scores, long ShadowComparisons, long ShadowDisagreements)
{
    public VariantSample Since(VariantCounters? earlier)
    {
        // Counters that went down mean the gateway restarted (Prometheus' counter-reset rule): everything since the restart is new.
        if (earlier is null || Requests < earlier.Requests || Errors < earlier.Errors)
            return Sample(Requests, Errors, Latency, Scores, ShadowComparisons, ShadowDisagreements);
        return Sample(
            Requests - earlier.Requests,
            Errors - earlier.Errors,
            Latency.Minus(earlier.Latency),
            Scores.Minus(earlier.Scores),
            Math.Max(0, ShadowComparisons - earlier.ShadowComparisons),
            Math.Max(0, ShadowDisagreements - earlier.ShadowDisagreements));
    }

    private static VariantSample Sample(long requests, long errors, HistogramCounts latency, HistogramCounts scores, long comparisons, long disagreements) => new()
    {
        // The gateway bumps its request and error counters separately, so one scrape can see an error whose request is not
        // counted yet: a request count below the error count is raised to it (the error is kept, never dropped).
        Requests = Math.Max(requests, errors),
        Errors = errors,
        Latency = latency,
        Scores = scores,
        ShadowComparisons = comparisons,
        ShadowDisagreements = Math.Min(disagreements, comparisons),
    };
}
