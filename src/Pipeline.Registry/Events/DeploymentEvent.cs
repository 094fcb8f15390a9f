namespace Pipeline.Registry.Events;

/// <summary>One recorded decision about a model: who did what, from which version to which, why, and the evidence.</summary>
public sealed record DeploymentEvent
{
    public required long Id { get; init; }
    public required string Model { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public string? FromVersion { get; init; }
    public string? ToVersion { get; init; }
    public required string Reason { get; init; }

    /// <summary>Evidence as a JSON value (verdicts, metric snapshots), stored verbatim.</summary>
    public required string EvidenceJson { get; init; }

    public string? RunId { get; init; }
}
