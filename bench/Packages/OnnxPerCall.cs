using System.Text.RegularExpressions;

namespace Pipeline.Bench.Packages;

/// <summary>ORT per call: each build's own bench/Onnx (before: the hand-written binding on onnxruntime-node 1.30.0's library; after: the package).</summary>
internal static partial class OnnxPerCall
{
    public const string Project = "bench/Onnx";

    public static (double Run, double Scorer, double C) Measure(Tree tree, int runs)
    {
        var output = Shell.Run("dotnet", [tree.Dll(Project, "Pipeline.Bench.Onnx"), runs.ToString(System.Globalization.CultureInfo.InvariantCulture)], tree.Root, allowFailure: true);
        // Before: "| binding PreparedRun.Run | p50 |…", after: "| package `PreparedRun.Run` (…) | p50 |…"; the after bench's
        // "old binding" rows (the former binding's code on the package's library) are not the before build.
        double P50(Func<string, bool> row) => output.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.Contains("old binding", StringComparison.Ordinal))
            .Where(row).Select(l => Shell.Number(l.Split('|')[2].Trim())).DefaultIfEmpty(double.NaN).First();
        var run = P50(l => l.Contains("PreparedRun.Run", StringComparison.Ordinal));
        var scorer = P50(l => l.Contains("ModelScorer.Score", StringComparison.Ordinal));
        var c = P50(l => l.StartsWith("| C harness", StringComparison.Ordinal));
        if (double.IsNaN(run) || double.IsNaN(scorer)) throw new InvalidOperationException($"{tree.Label} bench/Onnx printed no per-call table:\n{output}");
        return (run, scorer, c);
    }

    [GeneratedRegex(@"ONNX Runtime (\S+)")]
    private static partial Regex VersionLine();

    public static string Version(string output) => VersionLine().Match(output) is { Success: true } m ? m.Groups[1].Value : "?";
}
