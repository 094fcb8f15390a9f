using System.Globalization;
using System.Text;
using Pipeline.Core.Models;

namespace Pipeline.Monitoring.Alerts;

/// <summary>Prometheus alerting rules for one model: operational signals from the gateway (error rate, p99) and the Monitor's drift and quality gauges.</summary>
public static class AlertRules
{
    public static string Render(ModelConfig config, TimeSpan monitorInterval, string forDuration = "1m")
    {
        string N(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        var m = config.Name;
        var stale = (int)Math.Max(60, monitorInterval.TotalSeconds * 3);
        var sb = new StringBuilder();
        sb.Append($"# Written by ./build.sh AlertRules --model {m}; load with Prometheus rule_files.\n");
        sb.Append("groups:\n");
        sb.Append($"  - name: pipeline-{m}\n");
        sb.Append("    rules:\n");
        void Rule(string name, string expr, string severity, string summary, string forFor)
        {
            sb.Append($"      - alert: {name}\n");
            sb.Append($"        expr: {expr}\n");
            sb.Append($"        for: {forFor}\n");
            sb.Append($"        labels: {{ severity: {severity}, model: {m} }}\n");
            sb.Append($"        annotations: {{ summary: \"{summary}\" }}\n");
        }
        Rule("PipelineModelErrorRate",
            $"sum(rate(pipeline_gateway_errors_total[5m])) / clamp_min(sum(rate(pipeline_gateway_requests_total[5m])), 1e-9) > {N(Math.Max(0.01, config.Rollout.MaxErrorRateIncrease))}",
            "page", $"{m}: more than {N(Math.Max(0.01, config.Rollout.MaxErrorRateIncrease) * 100)} % of requests fail", forDuration);
        Rule("PipelineModelLatencyP99",
            $"histogram_quantile(0.99, sum by (le) (rate(pipeline_gateway_request_duration_seconds_bucket[5m]))) > {N(config.Benchmark.MaxP99Ms / 1000)}",
            "page", $"{m}: p99 latency above the SLA of {N(config.Benchmark.MaxP99Ms)} ms", forDuration);
        Rule("PipelineModelInputDrift", $"pipeline_monitor_drift_failed_checks{{model=\"{m}\"}} > 0",
            "ticket", $"{m}: live inputs drifted from the training data ({{{{ $value }}}} failed drift checks)", forDuration);
        Rule("PipelineModelPredictionShift", $"pipeline_monitor_score_psi{{model=\"{m}\"}} >= {N(config.Monitoring.MaxScorePsi)}",
            "ticket", $"{m}: live scores shifted from the holdout (PSI {{{{ $value }}}})", forDuration);
        Rule("PipelineModelQuality", $"pipeline_monitor_quality_failed_checks{{model=\"{m}\"}} > 0",
            "page", $"{m}: live quality below the accepted model's with confidence", forDuration);
        Rule("PipelineMonitorStale", $"time() - pipeline_monitor_last_run_timestamp_seconds{{model=\"{m}\"}} > {stale}",
            "ticket", $"{m}: the Monitor has not run for {stale} s", "0s");
        return sb.ToString();
    }
}
