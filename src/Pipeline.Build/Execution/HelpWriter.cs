using System.Text;

namespace Pipeline.Build;

/// <summary>Usage text: targets with descriptions and dependencies, parameters with type, default, current value and source.</summary>
internal static class HelpWriter
{
    public static void Write(TextWriter output, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, NukeBuild build,
        SecretMasker masker, string? defaultTarget) => output.Write(Text(graph, parameters, build, masker, defaultTarget));

    public static string Text(TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, NukeBuild build, SecretMasker masker, string? defaultTarget)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Usage: ./build.sh <Target> [<Target>...] [--<parameter> <value>...] [--plan] [--skip [<Target>...]] [--help]");
        sb.AppendLine();
        sb.AppendLine("Targets in pipeline order (names are case-insensitive):");
        var width = graph.Targets.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 2;
        // Dependencies first, so the list reads like the pipeline even though partial files declare targets in file order.
        var ordered = ExecutionPlanner.Create(graph, graph.Targets.Select(t => t.Name).ToList(), null).Targets;
        foreach (var t in ordered)
        {
            var deps = graph.DependenciesOf(t).Select(d => d.Name).ToList();
            var line = $"  {t.Name.PadRight(width)}{t.DescriptionText ?? ""}";
            if (deps.Count > 0) line += $" (depends on {string.Join(", ", deps)})";
            if (t.Name == defaultTarget) line += " [default]";
            sb.AppendLine(line.TrimEnd());
        }
        sb.AppendLine();
        sb.AppendLine("Parameters (command line --name, then environment PIPELINE_NAME, then .nuke/parameters.json):");
        var rows = parameters.Select(p => new[]
        {
            "--" + p.Name,
            p.TypeName,
            BuildEngine.Display(p, p.DefaultValue) ?? "(none)",
            p.Source == ParameterSource.Default ? "default" : $"{BuildEngine.Display(p, p.GetValue(build)) ?? "(none)"} from {SourceName(p)}",
            (p.Description ?? "") + (p.IsSecret ? " [secret: environment or command line only]" : ""),
        }).ToList();
        rows.Insert(0, ["name", "type", "default", "value", "description"]);
        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length) + 2).ToArray();
        foreach (var r in rows)
            sb.AppendLine(("  " + r[0].PadRight(widths[0]) + r[1].PadRight(widths[1]) + r[2].PadRight(widths[2]) + r[3].PadRight(widths[3]) + r[4]).TrimEnd());
        sb.AppendLine();
        sb.AppendLine("Engine options:");
        sb.AppendLine("  --plan               print the ordered plan with each target's dependencies and write a Mermaid graph to .nuke/temp/");
        sb.AppendLine("  --skip [<Target>...] skip the named targets, or every target not named on the command line");
        sb.AppendLine("  --help               this text");
        return masker.Apply(sb.ToString());
    }

    private static string SourceName(ParameterDescriptor p) => p.Source switch
    {
        ParameterSource.CommandLine => "command line",
        ParameterSource.Environment => p.EnvironmentVariable,
        ParameterSource.ParametersFile => ".nuke/parameters.json",
        _ => "default",
    };
}
