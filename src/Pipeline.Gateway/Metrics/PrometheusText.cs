using System.Globalization;
using System.Text;
using Pipeline.Core.Monitoring;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Metrics;

/// <summary>Renders the gateway metrics in the Prometheus text exposition format 0.0.4.</summary>
public static class PrometheusText
{
    public const string ContentType = PrometheusFormat.ContentType;

    public static string Render(GatewayMetrics metrics, RoutingTable table)
    {
        var sb = new StringBuilder();
        var variants = metrics.All.ToList();

        Counter(sb, "pipeline_gateway_requests_total", "Requests sent to each variant (shadow copies included).", variants, m => m.Requests);
        Counter(sb, "pipeline_gateway_errors_total", "Upstream failures per variant: connection errors and 5xx answers.", variants, m => m.Errors);
        Counter(sb, "pipeline_gateway_retries_total", "Requests that failed on this variant and were retried on stable.", variants, m => m.Retries);
        Counter(sb, "pipeline_gateway_shadow_requests_total", "Shadow copies sent to this variant (answers discarded).", variants, m => m.ShadowRequests);

        Header(sb, "pipeline_gateway_rejected_requests_total", "Requests the gateway answered itself without an upstream (client faults), by status.", "counter");
        foreach (var (status, count) in metrics.Rejected) sb.Append("pipeline_gateway_rejected_requests_total{status=\"").Append(status).Append("\"} ").Append(count).Append('\n');

        Header(sb, "pipeline_gateway_request_duration_seconds", "Upstream latency per variant, request sent to last body byte.", "histogram");
        foreach (var (key, m) in variants) HistogramLines(sb, "pipeline_gateway_request_duration_seconds", Labels(key), m.Latency);
        Header(sb, "pipeline_gateway_prediction_score", "Prediction scores (positive-class probability) read from answers.", "histogram");
        foreach (var (key, m) in variants) HistogramLines(sb, "pipeline_gateway_prediction_score", Labels(key), m.Score);

        Header(sb, "pipeline_gateway_shadow_comparisons_total", "Shadow answers compared with the stable answer.", "counter");
        sb.Append("pipeline_gateway_shadow_comparisons_total ").Append(metrics.ShadowComparisons).Append('\n');
        Header(sb, "pipeline_gateway_shadow_disagreements_total", "Shadow answers whose score differs from stable by more than the tolerance, or that failed.", "counter");
        sb.Append("pipeline_gateway_shadow_disagreements_total ").Append(metrics.ShadowDisagreements).Append('\n');
        Header(sb, "pipeline_gateway_shadow_score_difference", "Largest |canary - stable| score difference per shadow comparison.", "histogram");
        HistogramLines(sb, "pipeline_gateway_shadow_score_difference", "", metrics.ShadowScoreDifference);

        Header(sb, "pipeline_gateway_canary_weight_percent", "Configured canary share in percent.", "gauge");
        sb.Append("pipeline_gateway_canary_weight_percent ").Append(Format(table.EffectiveCanaryWeight)).Append('\n');
        Header(sb, "pipeline_gateway_routing_generation", "Generation of the routing table served now.", "gauge");
        sb.Append("pipeline_gateway_routing_generation ").Append(table.Generation).Append('\n');
        Header(sb, "pipeline_gateway_upstream_info", "Upstreams of the routing table.", "gauge");
        Info(sb, "stable", table.Stable, table.Strategy);
        if (table.Canary is not null) Info(sb, "canary", table.Canary, table.Strategy);
        if (table.Previous is not null) Info(sb, "previous", table.Previous, table.Strategy);
        return sb.ToString();
    }

    private static void Info(StringBuilder sb, string variant, Upstream u, RoutingStrategy strategy) =>
        sb.Append("pipeline_gateway_upstream_info{variant=\"").Append(variant).Append("\",version=\"").Append(Escape(u.Version))
          .Append("\",url=\"").Append(Escape(u.Url)).Append("\",strategy=\"").Append(strategy.ToString().ToLowerInvariant()).Append("\"} 1\n");

    private static void Counter(StringBuilder sb, string name, string help, List<KeyValuePair<(string Variant, string Version), VariantMetrics>> variants, Func<VariantMetrics, long> value)
    {
        Header(sb, name, help, "counter");
        foreach (var (key, m) in variants) sb.Append(name).Append('{').Append(Labels(key)).Append("} ").Append(value(m)).Append('\n');
    }

    private static void HistogramLines(StringBuilder sb, string name, string labels, PrometheusHistogram h)
    {
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        h.WriteTo(w, name, labels);
    }

    private static void Header(StringBuilder sb, string name, string help, string type) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Labels((string Variant, string Version) key) => $"variant=\"{Escape(key.Variant)}\",version=\"{Escape(key.Version)}\"";

    private static string Escape(string s) => PrometheusFormat.Escape(s);

    private static string Format(double v) => PrometheusFormat.Number(v);
}
