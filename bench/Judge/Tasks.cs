using System.Globalization;
using Pipeline.Core.Models;
using Pipeline.Core.Monitoring;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Judge.Simulation;

namespace Pipeline.Bench.Judge;

/// <summary>The judge's per-task metrics at 200 requests/s, half of them labelled: A/A false rollbacks and detection of a shifted
/// prediction distribution and of worse online quality, for a 10-class model and a regression model.</summary>
internal static class Tasks
{
    public static void Run(int runs)
    {
        var policy = new RolloutPolicy { Steps = [10, 25, 50, 100], MinRequestsPerStep = 150, MaxErrorRateIncrease = 0.02, MaxStepSeconds = 30, MaxLogLossIncrease = 0.1 };
        var classes = JudgeSettings.From(policy) with { QualityJudged = true };
        // Squared-error margin 0.1 label units² on a unit-variance label (a tenth of its variance, the pipeline's default).
        var regression = classes with { QualitySquaredError = true, MaxLogLossIncrease = 0.1 };
        var random = new Random(7);
        var training = Enumerable.Range(0, 5000).Select(_ => (float)MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1)).ToArray();
        var regressionBounds = PredictionBuckets.For(ModelTask.Regression, 0, training).ToArray();
        var classBounds = PredictionBuckets.Default(ModelTask.Multiclass, 10).ToArray();
        double[] uniform = [.. Enumerable.Repeat(0.1, 10)];
        double[] shifted = [0.2, .. Enumerable.Repeat(0.8 / 9, 9)];
        var mc = new RolloutScenario
        {
            PredictionBounds = classBounds,
            Stable = new SimulatedVariant { ClassShares = uniform, LabelledShare = 0.5 },
            Canary = new SimulatedVariant { ClassShares = uniform, LabelledShare = 0.5 },
        };
        var rg = new RolloutScenario
        {
            PredictionBounds = regressionBounds, RegressionLabels = true,
            Stable = new SimulatedVariant { ValueMean = 0, LabelledShare = 0.5 },
            Canary = new SimulatedVariant { ValueMean = 0, LabelledShare = 0.5 },
        };
        Report(runs, "multiclass A/A (10 classes, same class shares and quality)", classes, mc, expectRollback: false);
        Report(runs, "multiclass: one class predicted 10 % -> 20 %", classes, mc with { Canary = mc.Canary with { ClassShares = shifted } }, expectRollback: true);
        Report(runs, "multiclass: true-class log loss 0.125 -> 0.25 (margin 0.1)", classes, mc with { Canary = mc.Canary with { TrueClassAlpha = 4 } }, expectRollback: true);
        Report(runs, "regression A/A (same values and errors)", regression, rg, expectRollback: false);
        Report(runs, "regression: values shifted by 0.3 SD", regression, rg with { Canary = rg.Canary with { ValueMean = 0.3 } }, expectRollback: true);
        Report(runs, "regression: squared error 0.25 -> 0.49 (error SD 0.5 -> 0.7)", regression, rg with { Canary = rg.Canary with { ErrorSd = 0.7 } }, expectRollback: true);
    }

    private static void Report(int runs, string name, JudgeSettings settings, RolloutScenario scenario, bool expectRollback)
    {
        var outcomes = Enumerable.Range(0, runs).Select(seed => RolloutSimulator.Run(settings, scenario, seed)).ToList();
        var rolledBack = outcomes.Where(o => o.Decision.Action == JudgeAction.Rollback).ToList();
        var decided = expectRollback ? rolledBack : outcomes.Where(o => o.Decision.Action == JudgeAction.Promote).ToList();
        var mean = decided.Count == 0 ? double.NaN : decided.Average(o => o.Duration.TotalSeconds);
        var byMetric = rolledBack.SelectMany(o => o.Decision.Metrics.Where(m => m.Status == MetricStatus.Breached).Select(m => m.Metric))
            .GroupBy(m => m).Select(g => $"{g.Key}={g.Count()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-64} runs={runs} rollback={(double)rolledBack.Count / runs:P1} ({rolledBack.Count}) {(expectRollback ? "mean time to rollback" : "mean time to promote")}={mean:F1}s breaches: {string.Join(", ", byMetric)}"));
    }
}
