namespace Pipeline.Dependency.Generation;

/// <summary>One model input of the generated predictor: its name, element type, rank and the features (by index) it is filled from.</summary>
public sealed record PredictorInput
{
    public required string Name { get; init; }

    /// <summary>C# element type of the tensor: float, double, long, int, bool or string.</summary>
    public required string ElementType { get; init; }

    /// <summary>1 for [N], 2 for [N,F].</summary>
    public required int Rank { get; init; }

    /// <summary>Indices into <see cref="PredictorSpec.Features"/>, in column order.</summary>
    public required IReadOnlyList<int> Features { get; init; }
}
