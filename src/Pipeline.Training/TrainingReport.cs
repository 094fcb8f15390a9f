namespace Pipeline.Training;

/// <summary>What a training run did: stored as the <c>training-report</c> artifact and shown on the model card.</summary>
public sealed record TrainingReport
{
    public required string Model { get; init; }

    /// <summary><c>train</c> (built-in) or <c>external</c>.</summary>
    public required string SourceKind { get; init; }

    /// <summary>Built-in trainer name, or the external command line (with placeholders).</summary>
    public required string Trainer { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Hyperparameters { get; init; }
    public required string DataFile { get; init; }
    public required string DataDigest { get; init; }
    public required string Split { get; init; }
    public required int TrainingRows { get; init; }
    public required int TrainingPositives { get; init; }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the ONNX bytes written.</summary>
    public required string ModelDigest { get; init; }

    /// <summary>Design-matrix feature names (built-in trainer) in coefficient order.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Coefficients by feature name (built-in trainer), rounded for reading.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Coefficients { get; init; } = [];
    public int? Iterations { get; init; }
    public bool? Converged { get; init; }
    public double? TrainingLogLoss { get; init; }

    /// <summary>External trainer: exit code and the tail of its standard output and error.</summary>
    public int? ExitCode { get; init; }
    public string? Output { get; init; }

    /// <summary>Wall-clock seconds (run-specific; scrubbed in snapshots).</summary>
    public double DurationSeconds { get; init; }
}
