namespace Pipeline.Data.Generation;

/// <summary>Deliberate distribution changes the generator can inject, for drift tests and demos. Defaults inject nothing.</summary>
public sealed record DriftOptions
{
    /// <summary>Multiplies every amount (and the 24 h sum), e.g. 1.5 for a 50 % shift.</summary>
    public double AmountScale { get; init; } = 1.0;

    /// <summary>A merchant category the contract does not know, written on <see cref="NewCategoryShare"/> of rows.</summary>
    public string? NewCategory { get; init; }

    public double NewCategoryShare { get; init; } = 0.1;

    /// <summary>Column whose values are blanked on <see cref="NullBurstRate"/> of rows.</summary>
    public string? NullBurstColumn { get; init; }

    public double NullBurstRate { get; init; } = 0.3;

    /// <summary>Added to the hidden fraud log-odds: 1.0 multiplies positives by about 2.6.</summary>
    public double LabelShift { get; init; }

    public bool IsNone => AmountScale == 1.0 && NewCategory is null && NullBurstColumn is null && LabelShift == 0;
}
