using System.Text.RegularExpressions;

namespace Pipeline.Bench.Packages;

/// <summary>PackageImage size: each build's own bench/Packaging (publish of the server, then the image; the size does not depend on load).</summary>
internal static partial class ImageSize
{
    public const string Project = "bench/Packaging";

    public static (double Compressed, double Base, double App, double Folder, double Ort, string Table) Measure(Tree tree)
    {
        var output = Shell.Run("dotnet", [tree.Dll(Project, "Pipeline.Bench.Packaging"), "--repo", tree.Root], tree.Root);
        var size = SizeLine().Match(output);
        var folder = FolderLine().Match(output);
        if (!size.Success || !folder.Success) throw new InvalidOperationException($"{tree.Label} bench/Packaging printed no image size:\n{output}");
        return (Shell.Number(size.Groups[1].Value), Shell.Number(size.Groups[2].Value), Shell.Number(size.Groups[3].Value),
            Shell.Number(folder.Groups[1].Value), Shell.Number(folder.Groups[2].Value), output);
    }

    [GeneratedRegex(@"\| compressed image size \| ([\d.]+) MB \(base ([\d.]+) MB, app ([\d.]+) MB")]
    private static partial Regex SizeLine();

    [GeneratedRegex(@"\| uncompressed app folder \| ([\d.]+) MB \(incl\. ONNX Runtime ([\d.]+) MB\)")]
    private static partial Regex FolderLine();
}
