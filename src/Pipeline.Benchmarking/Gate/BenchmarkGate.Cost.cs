using System.Globalization;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;

namespace Pipeline.Benchmarking.Gate;

public sealed partial class BenchmarkGate
{
    private const string CostMetric = "cpu_per_request_regression_%";

    /// <summary>
    /// Non-inferiority on cost: fail only when the whole interval is above the limit. An interval that reaches below the limit
    /// after the rounds the budget allowed is no evidence of a regression, so the gate passes and says what it could have seen.
    /// </summary>
    private static Check CostCheck(BenchmarkPolicy p, VariantMeasurement cand, VariantMeasurement champ, CostComparison? cost)
    {
        var threshold = $"<= {Num(p.MaxRegressionPercent)} %";
        if (cost is null)
            return new Check
            {
                Metric = CostMetric, Observed = "not measurable", Threshold = threshold, Outcome = CheckOutcome.Warn,
                Detail = "server CPU could not be read from /proc, so the candidate's cost was not compared with the champion's",
            };
        var cpu = $"CPU {Us(cand.CpuMicrosecondsPerRequest)} vs champion {Us(champ.CpuMicrosecondsPerRequest)} per request";
        var interval = $"{cost.Confidence:0%} CI {Pct(cost.LowerPercent)} … {Pct(cost.UpperPercent)} %, fail bound {Pct(cost.FailLowerPercent)} %";
        var (outcome, verdict) = cost.Decision switch
        {
            CostDecision.Regressed => (CheckOutcome.Fail, "costlier"),
            CostDecision.WithinLimit when cost.NoMeasurableDifference => (CheckOutcome.Pass, "no measurable difference"),
            CostDecision.WithinLimit => (CheckOutcome.Pass, cost.RegressionPercent > 0 ? "costlier, within the limit" : "cheaper"),
            _ when cost.RegressionPercent > p.MaxRegressionPercent => (CheckOutcome.Warn, "no measurable difference within the budget"),
            _ => (CheckOutcome.Pass, "no measurable difference within the budget"),
        };
        return new Check
        {
            Metric = CostMetric,
            Observed = $"{verdict}: {Pct(cost.RegressionPercent)} % ({cpu}; {interval}; {cost.Rounds} rounds; detectable >= {Pct(cost.MinimumDetectablePercent)} %)",
            Threshold = threshold, Value = cost.RegressionPercent, SampleSize = cost.Rounds, Outcome = outcome,
            Detail = $"server CPU per request (user + system from /proc), paired by alternating round: 20 % trimmed mean of the {cost.Rounds} per-round log-ratios " +
                     $"with a Student t interval over rounds; passes when the whole {cost.Confidence:0%} interval is at or below the limit, fails only when the whole " +
                     $"{cost.FailConfidence:0%} interval is above it (fail bound: its lower end, a one-sided {(1 + cost.FailConfidence) / 2:0.0%} bound)" + cost.Decision switch
                     {
                         CostDecision.Regressed => "; the candidate costs more than production by more than benchmark.maxRegressionPercent",
                         CostDecision.Undecided => "; the interval still straddles the limit after the rounds benchmark.maxRounds and benchmark.timeBudgetSeconds allow: raise them for a sharper answer",
                         _ => "",
                     },
        };
    }

    private static string Us(double? us) => us is { } v ? $"{v.ToString("0.0", CultureInfo.InvariantCulture)} µs" : "n/a";
}
