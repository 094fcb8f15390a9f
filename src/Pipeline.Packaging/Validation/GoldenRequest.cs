namespace Pipeline.Packaging.Validation;

/// <summary>One request sent to the containerised server and the output it must return (computed in-process with ONNX Runtime).</summary>
public sealed record GoldenRequest
{
    /// <summary>Request path, e.g. <c>/v2/models/fraud-detector/infer</c>.</summary>
    public required string Path { get; init; }

    /// <summary>JSON body (Open Inference Protocol v2 request).</summary>
    public required string Body { get; init; }

    /// <summary>Output tensor to compare, e.g. <c>probability</c>.</summary>
    public required string OutputName { get; init; }

    /// <summary>Expected output data, flattened in row-major order.</summary>
    public required IReadOnlyList<double> Expected { get; init; }

    public double RelativeTolerance { get; init; } = 1e-4;
    public double AbsoluteTolerance { get; init; } = 1e-5;
}
