namespace Pipeline.Registry.Migrations;

/// <summary>A schema migration recorded as applied.</summary>
public sealed record AppliedMigration(int Version, string Name, string Checksum, DateTimeOffset AppliedAt);
