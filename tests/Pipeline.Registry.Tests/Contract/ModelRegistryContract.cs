using Pipeline.Core.Layout;
using Pipeline.Registry.Tests.Support;
using Pipeline.Registry.Versions;

namespace Pipeline.Registry.Tests.Contract;

/// <summary>The registry test suite; each backend runs all of it through a concrete subclass.</summary>
public abstract partial class ModelRegistryContract : IAsyncLifetime
{
    protected const string Model = "fraud-detector";
    private readonly List<IModelRegistry> _opened = [];
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pipeline-registry-tests-{Guid.NewGuid():N}");

    protected ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    protected string ConnectionString { get; private set; } = "";

    protected IModelRegistry Registry { get; private set; } = null!;

    protected RepositoryLayout Layout => new(_root);

    /// <summary>A new, empty database of this backend.</summary>
    protected abstract Task<string> CreateDatabaseAsync(string root);

    /// <summary>Runs raw SQL against a database, bypassing the registry (to inspect or tamper).</summary>
    protected abstract Task<long> ExecuteRawAsync(string connectionString, string sql);

    protected abstract string ExpectedBackendPrefix { get; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        ConnectionString = await CreateDatabaseAsync(_root);
        Registry = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var registry in _opened)
            await registry.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    protected async Task<IModelRegistry> OpenAsync(string? connectionString = null, RegistryOptions? options = null)
    {
        var registry = await ModelRegistryFactory.OpenAsync(connectionString ?? ConnectionString, Layout, options ?? new RegistryOptions { Time = Time });
        lock (_opened)
            _opened.Add(registry);
        return registry;
    }

    protected static NewModelVersion NewVersion(string? label, string digest, string model = Model) => new()
    {
        Model = model,
        Version = label,
        ModelDigest = digest,
        MetricsJson = """{"auc":0.91,"recall_at_1pct_fpr":{"value":0.62,"low":0.58,"high":0.66}}""",
        Lineage = new ModelLineage
        {
            DataDigest = "sha256:" + new string('d', 64),
            DataProfileDigest = "sha256:" + new string('p', 64) + label,
            Commit = "0123abc",
            RunId = "run-" + label,
            Parameters = new SortedDictionary<string, string> { ["l2"] = "0.01", ["contract"] = "transactions.v1" },
        },
        Actor = "tester",
    };

    protected static string Digest(char c) => "sha256:" + new string(c, 64);

    protected async Task<(ModelVersion V1, ModelVersion V2)> TwoVersionsAsync()
    {
        var v1 = await Registry.RegisterVersionAsync(NewVersion("v1", Digest('1')));
        var v2 = await Registry.RegisterVersionAsync(NewVersion("v2", Digest('2')));
        return (v1, v2);
    }
}
