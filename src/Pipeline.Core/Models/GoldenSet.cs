namespace Pipeline.Core.Models;

/// <summary>Golden inputs and expected outputs a model must reproduce within tolerance.</summary>
public sealed record GoldenSet
{
    /// <summary>Rows file (CSV/JSONL with the contract's columns) fed through the mapping.</summary>
    public string Inputs { get; init; } = "";

    /// <summary>Expected probabilities, one per row (CSV with a header, one column).</summary>
    public string Outputs { get; init; } = "";

    public double Rtol { get; init; } = 1e-4;
    public double Atol { get; init; } = 1e-6;
}
