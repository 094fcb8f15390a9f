namespace Pipeline.Registry.Aliases;

/// <summary>An alias of a model and the version it points to.</summary>
public sealed record ModelAlias(string Model, string Alias, string Version, DateTimeOffset UpdatedAt);
