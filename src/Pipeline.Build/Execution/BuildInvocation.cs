namespace Pipeline.Build;

/// <summary>Everything one run reads from outside: arguments, environment, root, console, clock and randomness.</summary>
public sealed record BuildInvocation
{
    public required IReadOnlyList<string> Arguments { get; init; }
    public required string RootDirectory { get; init; }

    /// <summary>Environment lookup; <c>null</c> when unset.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TextWriter Out { get; init; } = Console.Out;
    public TextWriter Error { get; init; } = Console.Error;
    public bool Interactive { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Regenerate <c>.nuke/build.schema.json</c> when it differs.</summary>
    public bool WriteSchema { get; init; }

    /// <summary>Name of the default target, shown in help.</summary>
    public string? DefaultTarget { get; init; }

    /// <summary>Read the git commit and dirty flag into the manifest.</summary>
    public bool ReadGit { get; init; } = true;

    public CancellationToken CancellationToken { get; init; }
}
