namespace Pipeline.Build;

/// <summary>Marks a field or property of the build class as a parameter: <c>--kebab-case</c>, <c>PIPELINE_UPPER_SNAKE</c>, then <c>.nuke/parameters.json</c>.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>Overrides the kebab-case name derived from the member name.</summary>
    public string? Name { get; set; }

    /// <summary>An extra environment variable read after <c>PIPELINE_&lt;NAME&gt;</c>, e.g. <c>GITHUB_TOKEN</c>.</summary>
    public string? EnvironmentVariable { get; set; }
}
