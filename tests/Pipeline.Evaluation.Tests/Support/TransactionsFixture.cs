using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Training.Datasets;

namespace Pipeline.Evaluation.Tests.Support;

/// <summary>A fixed small generated transactions dataset (20 000 rows, seed 7) in a temp folder, and the repository's model configs.</summary>
public sealed class TransactionsFixture : IDisposable
{
    public const int Rows = 20_000;

    public TransactionsFixture()
    {
        Layout = RepositoryLayout.Find(AppContext.BaseDirectory);
        Directory = Path.Combine(Path.GetTempPath(), $"pipeline-evaluation-tests-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(Directory);
        DataFile = Path.Combine(Directory, "transactions.csv");
        TransactionsGenerator.Write(DataFile, Rows, seed: 7);
        Contract = DataContractLoader.Load(Layout.ContractFile("transactions.v1"));
    }

    public RepositoryLayout Layout { get; }
    public string Directory { get; }
    public string DataFile { get; }
    public DataContract Contract { get; }

    public ModelConfig Config(string model) => ModelConfigLoader.Load(Layout, model);

    public ModelDataset Dataset(ModelConfig config) => ModelDataset.Load(DataFile, Contract, config);

    public string NewFolder(string name)
    {
        var path = Path.Combine(Directory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class TransactionsCollection : ICollectionFixture<TransactionsFixture>
{
    public const string Name = "transactions";
}
