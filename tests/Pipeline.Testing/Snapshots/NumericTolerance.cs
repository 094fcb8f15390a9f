using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Testing;

/// <summary>
/// How far a pinned number may move and still match (Verify's tolerance idea): |a − b| ≤ Absolute + Relative · max(|a|, |b|).
/// The text around the numbers must match exactly. For model outputs whose last digits depend on the CPU's vector kernels.
/// </summary>
public sealed partial record NumericTolerance(double Relative, double Absolute = 0)
{
    /// <summary>True when both texts are equal once each number is compared within the tolerance.</summary>
    public bool Matches(string expected, string received)
    {
        var a = Number().Matches(expected);
        var b = Number().Matches(received);
        if (a.Count != b.Count || Number().Replace(expected, "#") != Number().Replace(received, "#")) return false;
        for (var i = 0; i < a.Count; i++)
        {
            var x = double.Parse(a[i].Value, CultureInfo.InvariantCulture);
            var y = double.Parse(b[i].Value, CultureInfo.InvariantCulture);
            if (Math.Abs(x - y) > Absolute + Relative * Math.Max(Math.Abs(x), Math.Abs(y))) return false;
        }
        return true;
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex Number();
}
