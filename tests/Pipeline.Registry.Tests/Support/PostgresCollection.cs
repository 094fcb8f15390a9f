namespace Pipeline.Registry.Tests.Support;

/// <summary>All PostgreSQL tests share one throwaway cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
