namespace Pipeline.Build;

/// <summary>Orders the invoked targets and everything they depend on or trigger; ties follow declaration order.</summary>
internal static class ExecutionPlanner
{
    /// <param name="skip">null: skip nothing; empty: skip all but the invoked targets; names: skip those.</param>
    public static ExecutionPlan Create(TargetGraph graph, IReadOnlyList<string> invoked, IReadOnlyList<string>? skip)
    {
        var requested = invoked.Select(graph.Get).Distinct().ToList();
        var included = new HashSet<TargetDefinition>();
        var queue = new Queue<TargetDefinition>(requested);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            if (!included.Add(t)) continue;
            foreach (var d in graph.DependenciesOf(t)) queue.Enqueue(d);
            foreach (var d in graph.TriggeredBy(t)) queue.Enqueue(d);
        }

        graph.EnsureAcyclic();
        var ordered = new List<TargetDefinition>();
        var done = new HashSet<TargetDefinition>();
        var remaining = graph.Targets.Where(included.Contains).ToList();
        while (remaining.Count > 0)
        {
            // Declaration order among the ready targets keeps the plan deterministic.
            var next = remaining.First(t => graph.PredecessorsOf(t).Where(included.Contains).All(done.Contains));
            ordered.Add(next);
            done.Add(next);
            remaining.Remove(next);
        }

        var skipped = new HashSet<TargetDefinition>();
        if (skip is not null)
        {
            if (skip.Count == 0) skipped.UnionWith(ordered.Where(t => !requested.Contains(t)));
            else skipped.UnionWith(skip.Select(graph.Get).Where(included.Contains));
        }
        return new ExecutionPlan(ordered, skipped, requested);
    }
}
