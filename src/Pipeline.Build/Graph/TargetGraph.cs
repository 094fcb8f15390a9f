using System.Reflection;

namespace Pipeline.Build;

/// <summary>All targets of a build class, found by reflection, with their relations resolved to definitions.</summary>
internal sealed class TargetGraph
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private readonly Dictionary<MethodInfo, TargetDefinition> _byMethod = [];
    private readonly Dictionary<string, TargetDefinition> _byName = new(StringComparer.OrdinalIgnoreCase);

    private TargetGraph(List<TargetDefinition> targets) => Targets = targets;

    /// <summary>Targets in declaration order.</summary>
    public IReadOnlyList<TargetDefinition> Targets { get; }

    public static TargetGraph Discover(NukeBuild build)
    {
        var properties = new List<PropertyInfo>();
        var chain = new List<Type>();
        for (var t = build.GetType(); t is not null && t != typeof(NukeBuild); t = t.BaseType) chain.Insert(0, t);
        foreach (var type in chain)
            properties.AddRange(type.GetProperties(Members).Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null).OrderBy(p => p.MetadataToken));

        var duplicate = properties.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new BuildGraphException(
                $"Target name \"{duplicate.Key}\" is declared {duplicate.Count()} times ({string.Join(", ", duplicate.Select(p => $"{p.DeclaringType!.Name}.{p.Name}"))}); target names are case-insensitive and must be unique. Rename one.");

        var definitions = new List<TargetDefinition>();
        var delegates = new List<Target>();
        foreach (var property in properties)
        {
            var target = (Target?)property.GetValue(build)
                         ?? throw new BuildGraphException($"Target {property.Name} returned null; it must be a lambda like `_ => _.Executes(...)`.");
            delegates.Add(target);
            definitions.Add(new TargetDefinition(property.Name, definitions.Count));
        }
        var graph = new TargetGraph(definitions);
        for (var i = 0; i < definitions.Count; i++)
        {
            graph._byMethod[delegates[i].Method] = definitions[i];
            graph._byName[definitions[i].Name] = definitions[i];
        }
        for (var i = 0; i < definitions.Count; i++)
            delegates[i](definitions[i]);
        return graph;
    }

    public TargetDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Finds a requested target; unknown names list the available ones.</summary>
    public TargetDefinition Get(string name) =>
        Find(name) ?? throw new BuildGraphException(
            $"Unknown target \"{name}\". Available targets: {string.Join(", ", Targets.Select(t => t.Name))}.");

    public TargetDefinition Resolve(Target target, TargetDefinition from, string relation) =>
        _byMethod.GetValueOrDefault(target.Method) ?? throw new BuildGraphException(
            $"Target {from.Name}.{relation}(...) refers to a Target that is not a property of the build class; pass the target property itself, e.g. .{relation}(Train).");

    public IEnumerable<TargetDefinition> DependenciesOf(TargetDefinition t) => t.DependsOnTargets.Select(x => Resolve(x, t, "DependsOn")).Distinct();

    /// <summary>Targets that this one triggers, through either Triggers or the other's TriggeredBy.</summary>
    public IEnumerable<TargetDefinition> TriggeredBy(TargetDefinition t) =>
        t.TriggersTargets.Select(x => Resolve(x, t, "Triggers"))
            .Concat(Targets.Where(o => o.TriggeredByTargets.Any(x => Resolve(x, o, "TriggeredBy") == t)))
            .Distinct();

    /// <summary>Targets that must come before <paramref name="t"/> when both are in the plan.</summary>
    public IEnumerable<TargetDefinition> PredecessorsOf(TargetDefinition t) =>
        DependenciesOf(t)
            .Concat(t.AfterTargets.Select(x => Resolve(x, t, "After")))
            .Concat(Targets.Where(o => o.BeforeTargets.Any(x => Resolve(x, o, "Before") == t)))
            .Concat(Targets.Where(o => TriggeredBy(o).Contains(t)))
            .Concat(t.TriggeredByTargets.Select(x => Resolve(x, t, "TriggeredBy")))
            .Distinct();

    /// <summary>Targets whose failure stops <paramref name="t"/>: its dependencies and the targets that trigger it.</summary>
    public IEnumerable<TargetDefinition> BlockersOf(TargetDefinition t) =>
        DependenciesOf(t).Concat(Targets.Where(o => TriggeredBy(o).Contains(t))).Distinct();

    /// <summary>Throws when any relation forms a cycle, naming it (A → B → A).</summary>
    public void EnsureAcyclic()
    {
        var state = new Dictionary<TargetDefinition, int>();
        var stack = new List<TargetDefinition>();
        foreach (var t in Targets) Visit(t);

        void Visit(TargetDefinition t)
        {
            state.TryGetValue(t, out var s);
            if (s == 2) return;
            if (s == 1)
            {
                var start = stack.IndexOf(t);
                var cycle = stack.Skip(start).Append(t).Select(x => x.Name);
                throw new BuildGraphException(
                    $"Dependency cycle: {string.Join(" -> ", cycle)}. Remove one of these DependsOn/After/Before/Triggers relations.");
            }
            state[t] = 1;
            stack.Add(t);
            foreach (var p in PredecessorsOf(t)) Visit(p);
            stack.RemoveAt(stack.Count - 1);
            state[t] = 2;
        }
    }
}
