using System.Globalization;
using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>Reads per-variant counters out of a gateway scrape (metric names of <c>Pipeline.Gateway</c>'s <c>/metrics</c>).</summary>
public static class GatewayScrape
{
    public const string Requests = "pipeline_gateway_requests_total";
    public const string Errors = "pipeline_gateway_errors_total";
    public const string Latency = "pipeline_gateway_request_duration_seconds";
    public const string Scores = "pipeline_gateway_prediction_score";
    public const string ShadowComparisons = "pipeline_gateway_shadow_comparisons_total";
    public const string ShadowDisagreements = "pipeline_gateway_shadow_disagreements_total";

    /// <summary>Counters of <paramref name="variant"/> summed over versions, or of one <paramref name="version"/> when given.</summary>
    public static VariantCounters Read(IReadOnlyList<PrometheusSample> samples, string variant, string? version = null)
    {
        bool Match(PrometheusSample s) => s.Label("variant") == variant && (version is null || s.Label("version") == version);
        long Sum(string name) => (long)samples.Where(s => s.Name == name && Match(s)).Sum(s => s.Value);
        var shared = variant == "canary";
        return new VariantCounters(
            Sum(Requests),
            Sum(Errors),
            Histogram(samples, Latency + "_bucket", Match),
            Histogram(samples, Scores + "_bucket", Match),
            shared ? (long)samples.Where(s => s.Name == ShadowComparisons).Sum(s => s.Value) : 0,
            shared ? (long)samples.Where(s => s.Name == ShadowDisagreements).Sum(s => s.Value) : 0);
    }

    private static HistogramCounts Histogram(IReadOnlyList<PrometheusSample> samples, string bucketName, Func<PrometheusSample, bool> match)
    {
        // Bounds come from every series of the histogram, so a variant with no traffic yet reads as an empty histogram.
        static double Bound(PrometheusSample s) => s.Label("le") is "+Inf" ? double.PositiveInfinity : double.Parse(s.Label("le")!, CultureInfo.InvariantCulture);
        var all = samples.Where(s => s.Name == bucketName).ToList();
        var bounds = all.Select(Bound).Where(double.IsFinite).Distinct().Order().ToArray();
        if (all.Count == 0) throw new FormatException($"metrics have no histogram {bucketName}: is this a Pipeline gateway's /metrics?");
        var cumulative = new long[bounds.Length + 1];
        foreach (var s in all.Where(match))
        {
            var b = Bound(s);
            var i = double.IsPositiveInfinity(b) ? bounds.Length : Array.BinarySearch(bounds, b);
            cumulative[i] += (long)s.Value;
        }
        return HistogramCounts.FromCumulative(bounds, cumulative);
    }
}
