namespace Pipeline.Ci.Generation;

/// <summary>A generated CI definition: repository-relative path (forward slashes) and its YAML.</summary>
public sealed record GeneratedCiFile(string Path, string Content);
