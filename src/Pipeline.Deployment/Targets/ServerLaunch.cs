namespace Pipeline.Deployment.Targets;

/// <summary>One model version to run as a server.</summary>
public sealed record ServerLaunch
{
    public required string Model { get; init; }

    /// <summary>Prediction histogram bounds (<c>--score-buckets</c>); null: the task's default.</summary>
    public IReadOnlyList<double>? ScoreBuckets { get; init; }
    public required string Version { get; init; }

    /// <summary>Role it starts in: "stable" or "canary".</summary>
    public required string Role { get; init; }

    /// <summary>ONNX file (process target).</summary>
    public string? ModelFile { get; init; }

    /// <summary>model.yaml (process target).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Image from PackageImage, tag or ID (docker target).</summary>
    public string? Image { get; init; }

    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
