namespace Pipeline.Build.Testing;

/// <summary>What running one test project gave: counts from its TRX file, its exit code, and whether it ran at all.</summary>
public sealed record TestProjectResult
{
    public required string Project { get; init; }
    public required TestCounts Counts { get; init; }
    public required int ExitCode { get; init; }

    /// <summary>False when no results were produced (build output missing, crash before the run).</summary>
    public required bool Ran { get; init; }

    public required double DurationSeconds { get; init; }

    public bool Succeeded => Ran && ExitCode == 0 && Counts.Failed == 0;
}
