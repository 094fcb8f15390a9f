namespace Pipeline.Packaging.Publishing;

/// <summary>How the model server is published for the image: self-contained linux-x64, trimmed, optionally ReadyToRun.</summary>
public sealed record ServerPublishOptions
{
    /// <summary>The server's .csproj.</summary>
    public required string ProjectFile { get; init; }

    /// <summary>Checkout root: the sources are copied from here (with the root build settings) into a private tree to publish.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Folders whose sources decide whether a cached publish is still valid (the project and what it references).</summary>
    public required IReadOnlyList<string> SourceDirectories { get; init; }

    /// <summary>Folder holding one published copy per source hash.</summary>
    public required string CacheDirectory { get; init; }

    public string RuntimeIdentifier { get; init; } = "linux-x64";
    public bool Trimmed { get; init; } = true;

    /// <summary>Precompiled code: faster start, larger files.</summary>
    public bool ReadyToRun { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
