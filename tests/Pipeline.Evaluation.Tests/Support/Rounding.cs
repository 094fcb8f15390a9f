using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Testing;

namespace Pipeline.Evaluation.Tests.Support;

/// <summary>Snapshot settings that round every long decimal to 6 places, so last-bit differences of ONNX Runtime kernels across CPUs do not churn snapshots.</summary>
internal static partial class Rounding
{
    public static SnapshotSettings Settings(string? suffix = null) => new() { Suffix = suffix, Scrubbers = [Round] };

    private static string Round(string text) => LongDecimal().Replace(text, m =>
        double.Parse(m.Value, CultureInfo.InvariantCulture).ToString("0.######", CultureInfo.InvariantCulture));

    [GeneratedRegex(@"-?\d+\.\d{7,}(E[-+]?\d+)?")]
    private static partial Regex LongDecimal();
}
