using System.Globalization;

namespace Pipeline.Packaging.Validation;

/// <summary>Element-wise comparison of expected and actual outputs with numpy's allclose rule.</summary>
internal sealed record OutputComparison(bool Passed, int Count, int Mismatches, double MaxAbsoluteDifference, string? FirstMismatch)
{
    public static OutputComparison Compare(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double rtol, double atol)
    {
        if (expected.Count != actual.Count)
            return new OutputComparison(false, actual.Count, Math.Max(expected.Count, actual.Count), double.NaN,
                $"expected {expected.Count} values, got {actual.Count}");
        var mismatches = 0;
        var max = 0.0;
        string? first = null;
        for (var i = 0; i < expected.Count; i++)
        {
            var diff = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(diff) && !(double.IsNaN(actual[i]) && double.IsNaN(expected[i])))
                diff = double.PositiveInfinity;
            max = Math.Max(max, double.IsNaN(diff) ? 0 : diff);
            if (diff > atol + rtol * Math.Abs(expected[i]))
            {
                mismatches++;
                first ??= string.Create(CultureInfo.InvariantCulture, $"[{i}] expected {expected[i]:g9}, got {actual[i]:g9}");
            }
        }
        return new OutputComparison(mismatches == 0, expected.Count, mismatches, max, first);
    }

    public string Describe() => Passed
        ? string.Create(CultureInfo.InvariantCulture, $"{Count} values match (max |diff| {MaxAbsoluteDifference:g3})")
        : string.Create(CultureInfo.InvariantCulture, $"{Mismatches}/{Count} differ (max |diff| {MaxAbsoluteDifference:g3}; {FirstMismatch})");
}
