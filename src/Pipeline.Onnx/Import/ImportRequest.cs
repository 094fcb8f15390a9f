using Pipeline.Core.Features;
using Pipeline.Core.Models;

namespace Pipeline.Onnx.Import;

/// <summary>Everything an import is validated against: the model file, the mapping, the contract's column types and data.</summary>
public sealed record ImportRequest
{
    public required string ModelPath { get; init; }

    /// <summary>What the verdict is about, e.g. the model name.</summary>
    public required string Subject { get; init; }

    public required FeatureMapping Mapping { get; init; }

    /// <summary>Data contract columns → type (float, int, bool, category, string, timestamp …).</summary>
    public required IReadOnlyDictionary<string, string> ContractColumns { get; init; }

    /// <summary>Name of the contract, for messages (e.g. <c>transactions.v1</c>).</summary>
    public string Contract { get; init; } = "the data contract";

    /// <summary>A sample of the contract's data, through the mapping (NaN/inf, range, determinism, batch-vs-single checks).</summary>
    public FeatureBatch? Sample { get; init; }

    public GoldenData? Golden { get; init; }

    /// <summary>Allowed |batch − single| per row for the batch-of-N check (kernels may block differently).</summary>
    public double BatchTolerance { get; init; } = 1e-5;

    /// <summary>Rows of the sample used for the N-single-calls check.</summary>
    public int SingleCallRows { get; init; } = 64;
}
