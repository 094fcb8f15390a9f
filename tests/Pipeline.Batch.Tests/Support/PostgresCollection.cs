using Pipeline.Registry.Tests.Support;

namespace Pipeline.Batch.Tests.Support;

/// <summary>The PostgreSQL batch tests share one throwaway cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "batch-postgres";
}
