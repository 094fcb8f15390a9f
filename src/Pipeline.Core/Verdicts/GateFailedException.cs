namespace Pipeline.Core.Verdicts;

/// <summary>Thrown by a build target to halt the graph when its gate's verdict did not pass.</summary>
public sealed class GateFailedException(Verdict verdict)
    : Exception($"{verdict.Gate} failed for {verdict.Subject}: " +
                string.Join("; ", verdict.Failures.Select(f => $"{f.Metric} observed {f.Observed}, required {f.Threshold}")))
{
    public Verdict Verdict { get; } = verdict;

    /// <summary>The build's exit code when this gate ends the run (1 unless the gate tells its outcomes apart, e.g. a rolled-back release).</summary>
    public int ExitCode { get; init; } = 1;
}
