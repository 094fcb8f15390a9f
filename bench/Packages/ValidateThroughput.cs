using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Bench.Packages;

/// <summary>ValidateData MB/s: each build's own bench/Data on one generated file (best of its two passes, page cache warm).</summary>
internal static partial class ValidateThroughput
{
    public const string Project = "bench/Data";

    public static void Generate(Tree tree, string file, int rows)
    {
        if (File.Exists(file)) return;
        Shell.Run("dotnet", [tree.Dll(Project, "Pipeline.Bench.Data"), "--rows", rows.ToString(CultureInfo.InvariantCulture), "--file", file], tree.Root, allowFailure: true);
        if (!File.Exists(file)) throw new InvalidOperationException($"bench/Data did not write {file}");
    }

    public static (double MbPerSecond, double MbPerCpuSecond) Measure(Tree tree, string file)
    {
        var output = Shell.Run("dotnet", [tree.Dll(Project, "Pipeline.Bench.Data"), "--file", file], tree.Root, allowFailure: true);
        var wall = WallLine().Match(output);
        var cpu = CpuLine().Match(output);
        if (!wall.Success || !cpu.Success) throw new InvalidOperationException($"{tree.Label} bench/Data printed no throughput:\n{output}");
        return (Shell.Number(wall.Groups[1].Value), Shell.Number(cpu.Groups[1].Value));
    }

    [GeneratedRegex(@"validate\+profile: \S+ s \((\d+) MB/s\)")]
    private static partial Regex WallLine();

    [GeneratedRegex(@"cpu time: \S+ s = (\d+) MB per cpu-second")]
    private static partial Regex CpuLine();
}
