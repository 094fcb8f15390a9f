using Pipeline.Batch.Sinks;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Tables;
using Pipeline.Onnx.Scoring;
using Pipeline.Testing;

namespace Pipeline.Batch.Tests.Support;

/// <summary>The two models the batch tests score: fraud-import (named inputs, categories) and breast-cancer (one tensor input).</summary>
public sealed record BatchModel(string Name, ModelConfig Config, DataContract Contract, string Onnx)
{
    public static readonly RepositoryLayout Layout = new(CheckoutRoot.Path);

    public static BatchModel Load(string name)
    {
        var config = ModelConfigLoader.Load(Layout, name);
        var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
        return new BatchModel(name, config, contract, Layout.Resolve(config.Source.Onnx!));
    }

    /// <summary>An input file of the model's data: generated transactions, or the bundled breast-cancer CSV.</summary>
    public string WriteInput(string directory, int rows)
    {
        if (Name == "breast-cancer") return Layout.Resolve(Config.Data.Path);
        var path = Path.Combine(directory, $"{Name}-{rows}.csv");
        if (!File.Exists(path)) TransactionsGenerator.Write(path, rows, seed: 11);
        return path;
    }

    public ModelScorer OpenScorer() => ModelScorer.Open(Onnx, Config.Features);

    /// <summary>Scores of every row, read the non-streaming way, for comparison.</summary>
    public float[] Expected(string input)
    {
        var table = TableLoader.Load(input, Contract, Config.Features.AllColumns.ToList());
        using var scorer = OpenScorer();
        return scorer.Score(table.ToFeatureBatch(Config.Features));
    }

    public BatchIdentity Identity(string batchId, string input) => new()
    {
        BatchId = batchId, Model = Name, Version = "v3", ModelDigest = "sha256:" + new string('a', 64), InputFingerprint = BatchIdentity.FingerprintOf(input),
    };
}
