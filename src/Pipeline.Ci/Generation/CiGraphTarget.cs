namespace Pipeline.Ci.Generation;

/// <summary>One target of the build graph as the generator sees it: name, description and the targets it depends on.</summary>
public sealed record CiGraphTarget(string Name, string? Description, IReadOnlyList<string> DependsOn);
