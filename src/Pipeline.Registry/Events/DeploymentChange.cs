using Pipeline.Registry.Aliases;
using Pipeline.Registry.Locks;
using Pipeline.Registry.State;

namespace Pipeline.Registry.Events;

/// <summary>
/// Alias moves, deployment-state changes and the event that explains them, written in one transaction:
/// either all of it is recorded or none of it.
/// </summary>
public sealed record DeploymentChange
{
    public required string Model { get; init; }
    public required string Action { get; init; }
    public required string Actor { get; init; }
    public required string Reason { get; init; }
    public string? FromVersion { get; init; }
    public string? ToVersion { get; init; }
    public string EvidenceJson { get; init; } = "{}";
    public string? RunId { get; init; }
    public IReadOnlyList<AliasMove> AliasMoves { get; init; } = [];
    public IReadOnlyList<DeploymentSlot> SlotUpdates { get; init; } = [];

    /// <summary>Variants whose deployment state is removed (stopped).</summary>
    public IReadOnlyList<string> SlotRemovals { get; init; } = [];

    /// <summary>When set, the change is refused unless this lease still holds the model's lock (fencing after a break).</summary>
    public DeploymentLease? Lease { get; init; }
}
