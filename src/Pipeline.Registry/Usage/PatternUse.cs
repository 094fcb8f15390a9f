namespace Pipeline.Registry.Usage;

/// <summary>One use of a model version outside the HTTP deployments: a batch output, a NuGet package or a queue consumer.</summary>
public sealed record PatternUse
{
    /// <summary>"batch", "nuget" or "consumer".</summary>
    public required string Pattern { get; init; }
    public required string Version { get; init; }
    public required string ModelDigest { get; init; }

    /// <summary>Where it ran or went: an output file or table, a package file, a queue.</summary>
    public required string Where { get; init; }

    /// <summary>What it did, e.g. "1000000 rows, batch 2026-12-06".</summary>
    public required string Detail { get; init; }

    /// <summary>Set from the event when listed.</summary>
    public DateTimeOffset At { get; init; }
}
