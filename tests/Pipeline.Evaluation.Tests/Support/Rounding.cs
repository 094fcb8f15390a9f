using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Testing;

namespace Pipeline.Evaluation.Tests.Support;

/// <summary>Snapshot settings that round every long decimal to 6 places, so last-bit differences of ONNX Runtime kernels across CPUs do not churn snapshots.</summary>
internal static partial class Rounding
{
    /// <summary>
    /// Six significant decimals, compared within a relative 1e-4: ONNX Runtime picks AVX2 or AVX-512 kernels by CPU, and their
    /// float sums differ in the last digits (log loss 0.046802 vs 0.046803 seen), so a pinned metric holds on every machine of this kind.
    /// </summary>
    public static SnapshotSettings Settings(string? suffix = null, double relativeTolerance = 1e-4) =>
        new() { Suffix = suffix, Scrubbers = [Round], Tolerance = new NumericTolerance(relativeTolerance, 1e-6) };

    private static string Round(string text) => LongDecimal().Replace(text, m =>
        double.Parse(m.Value, CultureInfo.InvariantCulture).ToString("0.######", CultureInfo.InvariantCulture));

    [GeneratedRegex(@"-?\d+\.\d{7,}(E[-+]?\d+)?")]
    private static partial Regex LongDecimal();
}
