namespace Pipeline.Dependency.Lineage;

/// <summary>What a gate said about exactly this model digest: its outcome and checks, the run that judged it, or why it did not run.</summary>
public sealed record GateOutcome
{
    public required string Gate { get; init; }

    /// <summary>pass, warn, fail (force-accepted), skipped or "not recorded".</summary>
    public required string Outcome { get; init; }

    public int Checks { get; init; }
    public int Failed { get; init; }
    public string? RunId { get; init; }

    /// <summary>A skip reason or a force-accept reason.</summary>
    public string? Reason { get; init; }

    public override string ToString() =>
        $"{Gate} {Outcome}" + (Checks > 0 ? $" ({Checks} checks, {Failed} failed{(RunId is null ? "" : $", run {RunId}")})" : "") + (Reason is null ? "" : $": {Reason}");
}
