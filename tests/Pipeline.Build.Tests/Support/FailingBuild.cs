using Pipeline.Core.Verdicts;

namespace Pipeline.Build.Tests.Support;

/// <summary>Prepare → Gate (fails its verdict when --fail-gate) → Ship; Independent has no relation to the gate.</summary>
public sealed class FailingBuild : RecordingBuild
{
    public RecordingSink Sink { get; } = new();

    [Parameter("Make Gate fail")] readonly bool FailGate;
    [Parameter("Make Prepare throw")] readonly bool Crash;
    [Parameter("Exit code the failing gate names")] readonly int GateExitCode = 1;

    Target Prepare => _ => _
        .Executes(ctx =>
        {
            Ran(nameof(Prepare));
            if (Crash) throw new InvalidOperationException("disk is full\nsecond line");
            ctx.Note("prepared");
        });

    Target Gate => _ => _
        .DependsOn(Prepare)
        .Executes(ctx =>
        {
            Ran(nameof(Gate));
            ctx.Report(new Verdict
            {
                Gate = "Gate",
                Subject = "model v1",
                Checks =
                [
                    new Check { Metric = "auc", Observed = FailGate ? "0.71" : "0.93", Threshold = ">= 0.85", SampleSize = 1000, Outcome = FailGate ? CheckOutcome.Fail : CheckOutcome.Pass },
                    new Check { Metric = "p99_ms", Observed = "12", Threshold = "<= 50", SampleSize = 5000, Outcome = CheckOutcome.Pass },
                ],
            }, GateExitCode);
        });

    Target Ship => _ => _.DependsOn(Gate).Executes(() => Ran(nameof(Ship)));

    Target Independent => _ => _.Executes(() => Ran(nameof(Independent)));

    Target All => _ => _.DependsOn(Ship, Independent);
}
