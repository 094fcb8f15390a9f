namespace Pipeline.Testing;

/// <summary>Options of one snapshot: which built-in scrubbers run, extra scrubbers, and a name suffix for several snapshots per test.</summary>
public sealed record SnapshotSettings
{
    public bool ScrubGuids { get; init; } = true;
    public bool ScrubDates { get; init; } = true;
    public bool ScrubTempPaths { get; init; } = true;
    public bool ScrubDurations { get; init; } = true;

    /// <summary>Extra replacements applied after the built-in scrubbers.</summary>
    public IReadOnlyList<Func<string, string>> Scrubbers { get; init; } = [];

    /// <summary>Appended to the method name: <c>Class.Method_suffix.verified.json</c>.</summary>
    public string? Suffix { get; init; }

    /// <summary>When true (default), <c>SNAPSHOT_ACCEPT=1</c> overwrites the verified file instead of comparing.</summary>
    public bool AcceptFromEnvironment { get; init; } = true;

    /// <summary>When set, numbers may differ from the verified file within this tolerance (structure and other text must match).</summary>
    public NumericTolerance? Tolerance { get; init; }

    public static SnapshotSettings Default { get; } = new();
}
