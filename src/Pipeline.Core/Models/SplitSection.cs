namespace Pipeline.Core.Models;

/// <summary>Deterministic holdout split.</summary>
public sealed record SplitSection
{
    /// <summary><c>hash</c> (hash of <see cref="Column"/>) or <c>time</c> (latest rows by a timestamp column).</summary>
    public string Method { get; init; } = "hash";

    /// <summary>Key column for <c>hash</c>, timestamp column for <c>time</c>.</summary>
    public string Column { get; init; } = "";

    /// <summary>Share of rows held out for evaluation, in (0, 1).</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Salt mixed into the hash so different models can use different splits.</summary>
    public string Salt { get; init; } = "";
}
