namespace Pipeline.Build;

/// <summary>State of one run shared by the engine, the targets' contexts and the build object.</summary>
internal sealed class BuildSession
{
    public required string RootDirectory { get; init; }
    public required ArtifactStore Store { get; init; }
    public required ManifestStore Manifests { get; init; }
    public required SecretMasker Masker { get; init; }
    public required BuildConsole Console { get; init; }
    public required string RunId { get; init; }
    public required bool IsServerBuild { get; init; }
    public required IReadOnlyList<string> InvokedTargets { get; init; }
    public required TimeProvider Time { get; init; }
    public required CancellationToken CancellationToken { get; init; }

    /// <summary>What started the run, for a nested run with the same environment and console.</summary>
    public BuildInvocation? Invocation { get; init; }

    /// <summary>Parameter values given on the command line, by normalized name.</summary>
    public IReadOnlyDictionary<string, List<string>> CommandLineParameters { get; init; } = new Dictionary<string, List<string>>();

    /// <summary>What earlier runs' outputs may stand in for this run's (e.g. the model); null: any run without a scope.</summary>
    public string? Scope { get; set; }

    /// <summary>Targets of the plan that <c>--skip</c> left out.</summary>
    public IReadOnlySet<string> SkippedTargets { get; init; } = new HashSet<string>();

    /// <summary><c>--verbose</c>: verdicts print every check, passing ones included.</summary>
    public bool Verbose { get; set; }

    public Epilogue Epilogue { get; } = new();

    /// <summary>The exit code of the first failed target (a gate may name its own); null while none failed.</summary>
    public int? FailureExitCode { get; set; }

    /// <summary>Outputs of targets in this run (produced or restored), by target name.</summary>
    public Dictionary<string, Dictionary<string, ArtifactRef>> Outputs { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when an earlier run may hand outputs to this one: same scope (ordinal), or both without one.</summary>
    public bool SameScope(RunManifest run) => string.Equals(run.Scope, Scope, StringComparison.Ordinal);
}
