namespace Pipeline.Serving.Monitoring;

/// <summary>Where and how much a server logs: directory, sampling, rotation bound, feedback window and sensitive columns.</summary>
public sealed record PredictionLogOptions
{
    /// <summary>Directory shared by a model's servers; each server writes its own files (version and variant in the name).</summary>
    public required string Directory { get; init; }

    public double SampleRate { get; init; } = 1.0;

    public long RotateBytes { get; init; } = 16L << 20;

    public int MaxFiles { get; init; } = 8;

    public TimeSpan FeedbackWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Column → <c>hash</c> or <c>drop</c>, from the contract's <c>sensitive</c> marks.</summary>
    public IReadOnlyDictionary<string, string> Sensitive { get; init; } = new Dictionary<string, string>();

    /// <summary>False when the contract could not be read: features are then not logged at all (only ids, scores, outcomes).</summary>
    public bool FeaturesKnownSafe { get; init; } = true;

    /// <summary>Seed of the sampling decision (injected so tests are repeatable).</summary>
    public int Seed { get; init; } = 1;
}
