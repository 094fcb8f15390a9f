using Pipeline.Core.Verdicts;

namespace Pipeline.Data.Drift;

/// <summary>Drift checks of every tested column against a baseline profile, with notes on what could not be compared.</summary>
public sealed record DriftReport(IReadOnlyList<Check> Checks, IReadOnlyList<string> Notes);
