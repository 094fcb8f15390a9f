using System.Globalization;
using Pipeline.Core.Monitoring;
using Pipeline.Core.Verdicts;

namespace Pipeline.Monitoring;

/// <summary>The Monitor's figures as Prometheus gauges (text format), which the project's alerting rules read.</summary>
public sealed record MonitorGauges
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    public int Breach { get; init; }
    public int DriftFailures { get; init; }
    public int QualityFailures { get; init; }
    public double ScorePsi { get; init; }
    public double LiveAuc { get; init; } = double.NaN;
    public double LiveAucUpper { get; init; } = double.NaN;
    public double HoldoutAuc { get; init; } = double.NaN;
    public long Rows { get; init; }
    public long Feedback { get; init; }

    public static MonitorGauges From(string model, string version, Verdict verdict, double holdoutAuc)
    {
        var quality = verdict.Checks.FirstOrDefault(c => c.Metric == "live quality: auc");
        return new MonitorGauges
        {
            Model = model,
            Version = version,
            Breach = verdict.Outcome == CheckOutcome.Fail ? 1 : 0,
            DriftFailures = verdict.Checks.Count(c => c.Metric.StartsWith("input drift:", StringComparison.Ordinal) && c.Outcome == CheckOutcome.Fail),
            QualityFailures = verdict.Checks.Count(c => c.Metric.StartsWith("live quality:", StringComparison.Ordinal) && c.Outcome == CheckOutcome.Fail),
            ScorePsi = verdict.Checks.FirstOrDefault(c => c.Metric == "prediction shift: score psi")?.Value ?? double.NaN,
            LiveAuc = quality?.Value ?? double.NaN,
            LiveAucUpper = quality?.ConfidenceInterval?.Upper ?? double.NaN,
            HoldoutAuc = holdoutAuc,
            Rows = verdict.Checks.FirstOrDefault(c => c.Metric == "live rows logged")?.SampleSize ?? 0,
            Feedback = verdict.Checks.FirstOrDefault(c => c.Metric == "outcomes fed back")?.SampleSize ?? 0,
        };
    }

    /// <summary>Prometheus text exposition of the gauges, with <paramref name="at"/> as the last-run timestamp.</summary>
    public string ToPrometheusText(DateTimeOffset at)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var labels = $"model=\"{PrometheusFormat.Escape(Model)}\",version=\"{PrometheusFormat.Escape(Version)}\"";
        void Gauge(string name, string help, double value)
        {
            PrometheusFormat.Header(w, name, "gauge", help);
            w.Write($"{name}{{{labels}}} {PrometheusFormat.Number(value)}\n");
        }
        Gauge("pipeline_monitor_breach", "1 when the last Monitor verdict failed", Breach);
        Gauge("pipeline_monitor_drift_failed_checks", "Input drift checks that failed in the last Monitor run", DriftFailures);
        Gauge("pipeline_monitor_quality_failed_checks", "Live quality checks that failed in the last Monitor run", QualityFailures);
        Gauge("pipeline_monitor_score_psi", "PSI of live scores against the holdout scores", ScorePsi);
        Gauge("pipeline_monitor_live_auc", "ROC AUC on fed-back outcomes", LiveAuc);
        Gauge("pipeline_monitor_live_auc_upper", "Upper confidence bound of the live ROC AUC", LiveAucUpper);
        Gauge("pipeline_monitor_holdout_auc", "ROC AUC of the production model on its holdout", HoldoutAuc);
        Gauge("pipeline_monitor_rows", "Logged live rows judged", Rows);
        Gauge("pipeline_monitor_feedback", "Logged live rows with outcomes", Feedback);
        Gauge("pipeline_monitor_last_run_timestamp_seconds", "When the Monitor last ran (unix seconds)", at.ToUnixTimeMilliseconds() / 1000.0);
        return w.ToString();
    }
}
