using Pipeline.Core.Models;

namespace Pipeline.Dependency.Generation;

/// <summary>Everything the predictor source is generated from: names, the registered version, the features and inputs, the output and the task.</summary>
public sealed record PredictorSpec
{
    /// <summary>Model name (folder under models/).</summary>
    public required string Model { get; init; }

    /// <summary>Registry version label, e.g. v3.</summary>
    public required string Version { get; init; }

    /// <summary>Digest of the ONNX file the package carries ("sha256:…"); the predictor refuses any other bytes.</summary>
    public required string ModelDigest { get; init; }

    /// <summary>Namespace and package id, e.g. Pipeline.Models.FraudDetector.</summary>
    public required string Namespace { get; init; }

    /// <summary>Prefix of the generated types: FraudDetector → FraudDetectorRow, FraudDetectorPrediction, FraudDetectorModel.</summary>
    public required string TypePrefix { get; init; }

    /// <summary>Data contract id, e.g. transactions.v1.</summary>
    public required string Contract { get; init; }

    public required ModelTask Task { get; init; }

    /// <summary>Multiclass: class names in output order.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Binary: the decision threshold the evaluation chose (a prediction is positive at or above it).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Binary ZipMap outputs: the key of the positive class.</summary>
    public string PositiveLabel { get; init; } = "1";

    public required IReadOnlyList<PredictorFeature> Features { get; init; }

    public required IReadOnlyList<PredictorInput> Inputs { get; init; }

    /// <summary>The output read: the probability (binary, multiclass) or value (regression) output.</summary>
    public required string OutputName { get; init; }

    /// <summary>Name of the embedded resource holding the ONNX file.</summary>
    public string ResourceName => $"{Namespace}.model.onnx";
}
