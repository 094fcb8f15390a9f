using System.Globalization;

namespace Pipeline.Bench.Packages;

/// <summary>One measured quantity, its per-round values for each build, and whether after is no worse than before.</summary>
internal sealed class Figure(string name, string unit, bool higherIsBetter, double tolerance, bool judged = true)
{
    public string Name { get; } = name;
    public List<double> Before { get; } = [];
    public List<double> After { get; } = [];
    public List<string> Loads { get; } = [];

    public void Add(string side, double value) => (side == "before" ? Before : After).Add(value);

    public double Ratio => Shell.Median(After) / Shell.Median(Before);

    /// <summary>After within <c>tolerance</c> (a share) of before, in the bad direction; always true for a context figure (not judged).</summary>
    public bool NotWorse => !judged || (higherIsBetter ? Ratio >= 1 - tolerance : Ratio <= 1 + tolerance);

    public string Row()
    {
        string F(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
        string All(List<double> v) => string.Join(" ", v.Select(F));
        var bound = (higherIsBetter ? 1 - tolerance : 1 + tolerance).ToString("0.00", CultureInfo.InvariantCulture);
        var verdict = judged ? $"{(NotWorse ? "yes" : "**no**")} ({(higherIsBetter ? "≥" : "≤")} {bound}×)" : "context (not judged)";
        return $"| {Name} | {F(Shell.Median(Before))} {unit} | {F(Shell.Median(After))} {unit} | **{Ratio.ToString("0.000", CultureInfo.InvariantCulture)}×** | " +
               $"{verdict} | {All(Before)} / {All(After)} | {string.Join(" ", Loads)} |";
    }

    public static string Head() =>
        "| figure | before (median) | after (median) | after/before | not worse | rounds before / after | load during |\n| --- | ---: | ---: | ---: | --- | --- | --- |";
}
