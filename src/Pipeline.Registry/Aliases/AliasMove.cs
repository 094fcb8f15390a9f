namespace Pipeline.Registry.Aliases;

/// <summary>Points <see cref="Alias"/> at <see cref="Version"/>, or removes the alias when the version is null.</summary>
public sealed record AliasMove(string Alias, string? Version);
