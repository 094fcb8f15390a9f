using System.Text;

namespace Pipeline.Build;

/// <summary>The plan as text (one line per target with its dependencies) and as a Mermaid graph.</summary>
internal static class PlanWriter
{
    public static string Text(TargetGraph graph, ExecutionPlan plan)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Plan for {string.Join(", ", plan.Invoked.Select(t => t.Name))} ({plan.Targets.Count} targets):");
        var width = plan.Targets.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 2;
        var number = plan.Targets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (var i = 0; i < plan.Targets.Count; i++)
        {
            var t = plan.Targets[i];
            var deps = graph.DependenciesOf(t).Where(plan.Targets.Contains).Select(d => d.Name).ToList();
            var triggeredBy = plan.Targets.Where(o => graph.TriggeredBy(o).Contains(t)).Select(o => o.Name).ToList();
            var parts = new List<string> { deps.Count > 0 ? "depends on " + string.Join(", ", deps) : "no dependencies" };
            if (triggeredBy.Count > 0) parts.Add("triggered by " + string.Join(", ", triggeredBy));
            if (t.InputsFactory is not null) parts.Add("cached by inputs");
            if (plan.Skipped.Contains(t)) parts.Add("SKIPPED");
            sb.AppendLine($"  {(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(number)}. {t.Name.PadRight(width)}{string.Join("; ", parts)}");
        }
        return sb.ToString();
    }

    public static string Mermaid(TargetGraph graph, ExecutionPlan plan)
    {
        var sb = new StringBuilder().AppendLine("graph LR");
        foreach (var t in plan.Targets)
            sb.AppendLine(plan.Skipped.Contains(t) ? $"  {t.Name}[\"{t.Name} (skipped)\"]" : $"  {t.Name}");
        foreach (var t in plan.Targets)
        {
            foreach (var d in graph.DependenciesOf(t).Where(plan.Targets.Contains)) sb.AppendLine($"  {d.Name} --> {t.Name}");
            foreach (var d in graph.TriggeredBy(t).Where(plan.Targets.Contains)) sb.AppendLine($"  {t.Name} -.->|triggers| {d.Name}");
        }
        return sb.ToString();
    }

    /// <summary>Writes <c>.nuke/temp/plan-&lt;targets&gt;.mmd</c> and returns its path.</summary>
    public static string WriteMermaid(string root, TargetGraph graph, ExecutionPlan plan)
    {
        var path = Path.Combine(root, ".nuke", "temp", $"plan-{string.Join("-", plan.Invoked.Select(t => t.Name))}.mmd");
        AtomicFile.WriteAllText(path, Mermaid(graph, plan));
        return path;
    }
}
