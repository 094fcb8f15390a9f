using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Metrics;
using Pipeline.Monitoring.Checks;

namespace Pipeline.Monitoring;

/// <summary>The Monitor gate: input drift, prediction shift and live quality of the production version, as one verdict.</summary>
public static class ProductionMonitor
{
    public const string GateName = "Monitor";

    public static MonitorResult Evaluate(MonitorInput input)
    {
        var policy = input.Config.Monitoring;
        var checks = new List<Check>();
        var notes = new List<string>();
        var rows = input.Traffic.Rows;
        checks.Add(new Check
        {
            Metric = "live rows logged", Observed = rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Threshold = $">= {policy.MinRows} to judge drift", SampleSize = rows.Count, Outcome = CheckOutcome.Info,
        });

        // Input drift: ValidateData's tests and correction; below minRows they only inform.
        if (input.TrainingProfile is null) notes.Add("no training-data profile for this version in the registry: input drift not tested");
        else
        {
            var (drift, driftNotes, _) = InputDrift.Compare(rows, input.Contract, input.TrainingProfile, input.WorkDirectory);
            notes.AddRange(driftNotes);
            var enough = rows.Count >= policy.MinRows;
            checks.AddRange(drift.Select(c => c with
            {
                Metric = "input drift: " + c.Metric,
                Outcome = enough ? c.Outcome : CheckOutcome.Info,
            }));
        }

        if (input.Config.Task == Pipeline.Core.Models.ModelTask.Multiclass)
            checks.Add(new Check
            {
                Metric = "prediction shift", Observed = "not judged for a multiclass model", Threshold = "binary scores or regression values vs the holdout's",
                SampleSize = rows.Count, Outcome = CheckOutcome.Info, Detail = "the log keeps the predicted class; input drift is judged",
            });
        else checks.Add(ScoreShift.Compare(rows.Select(r => r.Score).ToList(), input.Holdout.Scores, policy.MaxScorePsi, policy.MinRows));

        // Live quality, overall and per segment, against the same figures on the holdout.
        var labelled = input.Traffic.Labelled().ToList();
        checks.Add(new Check
        {
            Metric = "outcomes fed back", Observed = $"{labelled.Count} of {rows.Count} logged rows", Threshold = $">= {policy.MinFeedback} to judge quality",
            SampleSize = labelled.Count, Outcome = CheckOutcome.Info,
        });
        var holdoutAuc = double.NaN;
        if (input.Config.Task == Pipeline.Core.Models.ModelTask.Binary) holdoutAuc = JudgeQuality(input, labelled, checks, notes);
        else
            checks.Add(new Check
            {
                Metric = "live quality", Observed = $"not judged for a {Pipeline.Core.Models.ModelTasks.Name(input.Config.Task)} model", Threshold = "binary models: live ROC AUC vs holdout",
                SampleSize = labelled.Count, Outcome = CheckOutcome.Info,
                Detail = "feedback carries 0/1 outcomes; input drift and prediction shift are judged for every task",
            });
        var verdict = new Verdict
        {
            Gate = GateName,
            Subject = $"{input.Config.Name} {input.Version} (production)",
            Checks = checks,
            Notes = notes,
        };
        return new MonitorResult(verdict, MonitorGauges.From(input.Config.Name, input.Version, verdict, holdoutAuc));
    }

    /// <summary>Live ROC AUC overall and per segment against the same figures on the holdout (binary models); returns the holdout AUC.</summary>
    private static double JudgeQuality(MonitorInput input, List<(Pipeline.Core.Monitoring.PredictionRecord Row, int Label)> labelled, List<Check> checks, List<string> notes)
    {
        var policy = input.Config.Monitoring;
        var holdoutAuc = MetricCalculator.Compute(input.Holdout.Scores, input.Holdout.Labels, 0.5, policy.Confidence).Auc ?? double.NaN;
        var segments = new List<(string Metric, LiveQuality.Scored Live, double HoldoutAuc)>();
        foreach (var segment in input.Config.Evaluation.Segments.Select(s => s.Column).Distinct(StringComparer.Ordinal))
        {
            if (!input.Holdout.Segments.TryGetValue(segment, out var holdoutValues)) continue;
            if (!labelled.Any(l => l.Row.Features.ContainsKey(segment)))
            {
                notes.Add($"segment column {segment} is not in the prediction log: quality per {segment} not judged");
                continue;
            }
            foreach (var value in holdoutValues.Where(v => v is not null).Distinct().Order(StringComparer.Ordinal))
            {
                var idx = Enumerable.Range(0, holdoutValues.Length).Where(i => holdoutValues[i] == value).ToArray();
                var segLabels = idx.Select(i => input.Holdout.Labels[i]).ToArray();
                if (segLabels.All(l => l > 0.5f) || segLabels.All(l => l < 0.5f)) continue;
                var segAuc = MetricCalculator.Compute(idx.Select(i => input.Holdout.Scores[i]).ToArray(), segLabels, 0.5, policy.Confidence).Auc ?? double.NaN;
                var live = labelled.Where(l => Equals(l.Row.Features.GetValueOrDefault(segment)?.ToString(), value)).ToList();
                if (live.Count == 0) continue;
                segments.Add(($"live quality: auc [{segment}={value}]", Score(live), segAuc));
            }
        }
        // Overall and every segment are tested at once: Bonferroni keeps the chance of any false quality breach at 1 − confidence.
        var level = 1 - (1 - policy.Confidence) / (1 + segments.Count);
        checks.Add(LiveQuality.Auc("live quality: auc", Score(labelled), holdoutAuc, policy.MaxAucDrop, policy.MinFeedback, level));
        checks.AddRange(segments.Select(s => LiveQuality.Auc(s.Metric, s.Live, s.HoldoutAuc, policy.MaxAucDrop, policy.MinFeedback, level)));
        if (segments.Count > 0) notes.Add($"live quality: {1 + segments.Count} AUC intervals at {level:0.####} each (Bonferroni over overall and segments)");
        return holdoutAuc;
    }

    private static LiveQuality.Scored Score(IReadOnlyList<(Pipeline.Core.Monitoring.PredictionRecord Row, int Label)> labelled) =>
        new(labelled.Select(l => (float)l.Row.Score).ToArray(), labelled.Select(l => (float)l.Label).ToArray());
}

/// <summary>The verdict and the gauges it exports for Prometheus.</summary>
public sealed record MonitorResult(Verdict Verdict, MonitorGauges Gauges)
{
    /// <summary>True when a check failed: the model breached its monitoring policy.</summary>
    public bool Breach => Verdict.Outcome == CheckOutcome.Fail;
}
