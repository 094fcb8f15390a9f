using System.Reflection;
using Pipeline.Build;

namespace Pipeline.Ci.Generation;

/// <summary>
/// The build graph as the engine discovers it (every <see cref="Target"/> property of the build class, in declaration
/// order), read without a running build so the generator and its tests see exactly the targets <c>./build.sh</c> offers.
/// </summary>
public sealed class CiGraph
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private readonly Dictionary<string, CiGraphTarget> _byName;

    public CiGraph(IReadOnlyList<CiGraphTarget> targets)
    {
        Targets = targets;
        _byName = targets.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<CiGraphTarget> Targets { get; }

    public static CiGraph Discover(NukeBuild build)
    {
        var chain = new List<Type>();
        for (var t = build.GetType(); t is not null && t != typeof(NukeBuild); t = t.BaseType) chain.Insert(0, t);
        var properties = chain.SelectMany(type => type.GetProperties(Members)
                .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null)
                .OrderBy(p => p.MetadataToken))
            .ToList();
        var delegates = properties.Select(p => (Target?)p.GetValue(build)
                                               ?? throw new CiGenerationException($"Target {p.Name} returned null; it must be a lambda like `_ => _.Executes(...)`."))
            .ToList();
        var names = new Dictionary<MethodInfo, string>();
        for (var i = 0; i < properties.Count; i++) names[delegates[i].Method] = properties[i].Name;
        var targets = new List<CiGraphTarget>();
        for (var i = 0; i < properties.Count; i++)
        {
            var definition = new RecordingTargetDefinition();
            delegates[i](definition);
            var dependsOn = definition.DependsOnTargets.Select(d => names.GetValueOrDefault(d.Method) ?? d.Method.Name).Distinct().ToList();
            targets.Add(new CiGraphTarget(properties[i].Name, definition.DescriptionText, dependsOn));
        }
        return new CiGraph(targets);
    }

    public CiGraphTarget? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The graph's spelling of each name; throws listing every unknown name and the available targets.</summary>
    public IReadOnlyList<string> Resolve(IEnumerable<string> names, string where)
    {
        var resolved = new List<string>();
        var unknown = new List<string>();
        foreach (var name in names)
        {
            if (Find(name) is { } t) resolved.Add(t.Name);
            else unknown.Add(name);
        }
        if (unknown.Count > 0)
            throw new CiGenerationException(
                $"{where} names target{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"\"{u}\""))} that the build graph does not have. " +
                $"Available targets: {string.Join(", ", Targets.Select(t => t.Name))}. Fix the name in build/Build.CI.cs, or add the target, then run ./build.sh GenerateCi.");
        return resolved;
    }
}
