using Pipeline.Core.Models;
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
        var holdoutAuc = JudgeQuality(input, labelled, checks, notes);
        var verdict = new Verdict
        {
            Gate = GateName,
            Subject = $"{input.Config.Name} {input.Version} (production)",
            Checks = checks,
            Notes = notes,
        };
        return new MonitorResult(verdict, MonitorGauges.From(input.Config.Name, input.Version, verdict, holdoutAuc));
    }

    /// <summary>
    /// Live quality overall and per segment against the same figure on the holdout rows: ROC AUC (binary), accuracy (multiclass), RMSE
    /// (regression). Returns the holdout AUC for the gauges (NaN for the other tasks).
    /// </summary>
    private static double JudgeQuality(MonitorInput input, List<(Pipeline.Core.Monitoring.PredictionRecord Row, double Label)> labelled, List<Check> checks, List<string> notes)
    {
        var policy = input.Config.Monitoring;
        var holdout = input.Holdout;
        var all = Enumerable.Range(0, holdout.Labels.Length).ToArray();
        var (name, figure, judge) = input.Config.Task switch
        {
            ModelTask.Multiclass => ("accuracy", (Func<int[], double>)(rows => LiveQuality.HoldoutAccuracy(holdout.Scores, holdout.Labels, rows)),
                (Func<string, LiveQuality.Scored, double, double, Check>)((metric, live, reference, level) => LiveQuality.Accuracy(metric, live, reference, policy.MaxAccuracyDrop, policy.MinFeedback, level))),
            ModelTask.Regression => ("rmse", rows => LiveQuality.HoldoutRmse(holdout.Scores, holdout.Labels, rows),
                (metric, live, reference, level) => LiveQuality.Rmse(metric, live, reference, policy.MaxRmseIncrease, policy.MinFeedback, level)),
            _ => ("auc", rows => MetricCalculator.Compute(rows.Select(r => holdout.Scores[r]).ToArray(), rows.Select(r => holdout.Labels[r]).ToArray(), 0.5, policy.Confidence).Auc ?? double.NaN,
                (metric, live, reference, level) => LiveQuality.Auc(metric, live, reference, policy.MaxAucDrop, policy.MinFeedback, level)),
        };
        var binary = input.Config.Task == ModelTask.Binary;
        var overall = figure(all);
        var segments = new List<(string Metric, LiveQuality.Scored Live, double Holdout)>();
        foreach (var segment in input.Config.Evaluation.Segments.Select(s => s.Column).Distinct(StringComparer.Ordinal))
        {
            if (!holdout.Segments.TryGetValue(segment, out var holdoutValues)) continue;
            if (!labelled.Any(l => l.Row.Features.ContainsKey(segment)))
            {
                notes.Add($"segment column {segment} is not in the prediction log: quality per {segment} not judged");
                continue;
            }
            foreach (var value in holdoutValues.Where(v => v is not null).Distinct().Order(StringComparer.Ordinal))
            {
                var idx = Enumerable.Range(0, holdoutValues.Length).Where(i => holdoutValues[i] == value).ToArray();
                if (binary && (idx.All(i => holdout.Labels[i] > 0.5f) || idx.All(i => holdout.Labels[i] < 0.5f))) continue;
                var live = labelled.Where(l => Equals(l.Row.Features.GetValueOrDefault(segment)?.ToString(), value)).ToList();
                if (live.Count == 0) continue;
                segments.Add(($"live quality: {name} [{segment}={value}]", Score(live), figure(idx)));
            }
        }
        // Overall and every segment are tested at once: Bonferroni keeps the chance of any false quality breach at 1 − confidence.
        var level = 1 - (1 - policy.Confidence) / (1 + segments.Count);
        checks.Add(judge($"live quality: {name}", Score(labelled), overall, level));
        checks.AddRange(segments.Select(s => judge(s.Metric, s.Live, s.Holdout, level)));
        if (segments.Count > 0) notes.Add($"live quality: {1 + segments.Count} {name} intervals at {level:0.####} each (Bonferroni over overall and segments)");
        return binary ? overall : double.NaN;
    }

    private static LiveQuality.Scored Score(IReadOnlyList<(Pipeline.Core.Monitoring.PredictionRecord Row, double Label)> labelled) =>
        new(labelled.Select(l => (float)l.Row.Score).ToArray(), labelled.Select(l => (float)l.Label).ToArray());
}

/// <summary>The verdict and the gauges it exports for Prometheus.</summary>
public sealed record MonitorResult(Verdict Verdict, MonitorGauges Gauges)
{
    /// <summary>True when a check failed: the model breached its monitoring policy.</summary>
    public bool Breach => Verdict.Outcome == CheckOutcome.Fail;
}
