using Pipeline.Build;
using Pipeline.Ci.Generation;
using Pipeline.Ci.Reporting;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Tests.Support;

/// <summary>
/// A small graph shaped like the real one, wired to CI reporting exactly as build/Build.CI.cs does: ValidateData reports a
/// data-contract violation (warn), EvaluateGate passes, BenchmarkGate fails unless <see cref="Scenario.BenchmarkPasses"/>.
/// The engine creates the build itself, so the scenario (environment, HTTP handler, clock) comes from a static.
/// </summary>
[GitHubActions("pipeline", PullRequestTargets = new[] { "BenchmarkGate" }, PushTargets = new[] { "DeployCanary" },
    StepOutputs = new[] { "model-digest=Train/model", "decision=DeployCanary" })]
public sealed class GateBuild : NukeBuild
{
    public static Scenario Current { get; set; } = new();

    [Parameter("GitHub token", Name = "github-token", EnvironmentVariable = "GITHUB_TOKEN"), Secret]
    readonly string? GitHubToken;

    IVerdictSink? _ci;

    IVerdictSink? CiSinks => _ci ??= CiReporting.Create(
        new CiReportingOptions
        {
            RootDirectory = RootDirectory,
            RunId = RunId,
            Gates = ["ValidateData", "EvaluateGate", "BenchmarkGate"],
            StepOutputs = ["model-digest=Train/model", "decision=DeployCanary"],
            GitHubToken = GitHubToken,
        },
        Current.Environment, Log.Current!.Out, Masker.Apply, message => Log.Warning(message), Current.Time);

    Target Setup => _ => _.Executes(() => { });

    Target ValidateData => _ => _
        .Executes(ctx => ctx.Report(new Verdict
        {
            Gate = "ValidateData",
            Subject = "data/transactions.csv",
            Checks =
            [
                new Check { Metric = "file: header", Observed = "14 columns", Threshold = "the 14 columns of transactions.v1", SampleSize = 14, Outcome = CheckOutcome.Pass },
                new Check
                {
                    Metric = "amount: min", Observed = "3 rows (observed -12.5)", Threshold = ">= 0", SampleSize = 20000, Value = 3, Outcome = CheckOutcome.Warn,
                    Detail = "3 values below 0; first rows: row 1042 -12.5; row 1043 -1 — fix the values or the bound",
                },
                new Check { Metric = "is_fraud: positive rate", Observed = "1.6 %", Threshold = "reported", SampleSize = 20000, Outcome = CheckOutcome.Info },
            ],
        }));

    Target Train => _ => _
        .DependsOn(ValidateData)
        .Executes(ctx => ctx.Output("model", ctx.Store.PutText("onnx bytes", "application/onnx")));

    Target EvaluateGate => _ => _
        .DependsOn(Train)
        .Executes(ctx => ctx.Report(new Verdict
        {
            Gate = "EvaluateGate",
            Subject = "fraud-detector v7",
            Checks =
            [
                new Check { Metric = "auc", Observed = "0.912", Threshold = "≥ 0.90", SampleSize = 4000, Value = 0.912, Outcome = CheckOutcome.Pass },
                new Check { Metric = "vs champion", Observed = "+0.004", Threshold = "≥ -0.005", SampleSize = 4000, Value = 0.004, Outcome = CheckOutcome.Pass },
            ],
            Notes = ["champion fraud-detector v6"],
        }));

    Target BenchmarkGate => _ => _
        .DependsOn(EvaluateGate)
        .Executes(ctx => ctx.Report(new Verdict
        {
            Gate = "BenchmarkGate",
            Subject = "fraud-detector v7",
            Checks =
            [
                new Check { Metric = "p99_ms@200rps", Observed = Current.BenchmarkPasses ? "41.2" : "180.4", Threshold = "<= 50", SampleSize = 12000, Outcome = Current.BenchmarkPasses ? CheckOutcome.Pass : CheckOutcome.Fail },
                new Check { Metric = "errors", Observed = "0", Threshold = "<= 0.1 %", SampleSize = 12000, Outcome = CheckOutcome.Pass },
            ],
        }));

    Target DeployCanary => _ => _
        .DependsOn(BenchmarkGate)
        .Executes(ctx => ctx.Note("promoted fraud-detector v7"));

    /// <summary>What one test run sees.</summary>
    public sealed record Scenario
    {
        public Func<string, string?> Environment { get; init; } = _ => null;
        public TimeProvider? Time { get; init; }
        public bool BenchmarkPasses { get; init; }
    }
}
