using Pipeline.Core.Models;
using Pipeline.Data.Contracts;

namespace Pipeline.Dependency.Generation;

/// <summary>The inputs of a predictor: the model's configuration and contract, the ONNX file, and the registry version it is.</summary>
public sealed record PredictorSource
{
    public required ModelConfig Config { get; init; }
    public required DataContract Contract { get; init; }
    public required string OnnxFile { get; init; }
    public required string Version { get; init; }
    public required string ModelDigest { get; init; }

    /// <summary>Registry metrics of the version (JSON); its threshold becomes the binary decision threshold.</summary>
    public string? MetricsJson { get; init; }

    /// <summary>Package id and namespace prefix: the package is &lt;prefix&gt;.&lt;PascalModel&gt;.</summary>
    public string PackagePrefix { get; init; } = "Pipeline.Models";
}
