using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;
using Pipeline.Registry.State;
using Pipeline.Registry.Versions;

namespace Pipeline.Registry.Listing;

/// <summary>Everything the registry knows about one model, for a console listing.</summary>
public sealed record ModelListing
{
    public required string Model { get; init; }
    public required string Backend { get; init; }
    public required IReadOnlyList<ModelVersion> Versions { get; init; }
    public required IReadOnlyList<ModelAlias> Aliases { get; init; }
    public required IReadOnlyList<DeploymentSlot> Slots { get; init; }

    /// <summary>Most recent first.</summary>
    public required IReadOnlyList<DeploymentEvent> Events { get; init; }

    public LockStatus? Lock { get; init; }
}
