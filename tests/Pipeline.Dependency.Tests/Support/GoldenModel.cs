using System.Text;
using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Dependency.Generation;
using Pipeline.Training;
using Pipeline.Training.Datasets;
using Pipeline.Testing;

namespace Pipeline.Dependency.Tests.Support;

/// <summary>A model of the repository with its ONNX file and golden rows (the first holdout rows) as JSON objects keyed by contract column.</summary>
public sealed record GoldenModel(string Name, ModelConfig Config, DataContract Contract, string Onnx, FeatureBatch Rows)
{
    public const int GoldenRows = 32;

    public static readonly RepositoryLayout Layout = new(CheckoutRoot.Path);

    /// <summary>fraud-import: its checked-in ONNX file, rows generated from the transactions generator.</summary>
    public static GoldenModel FraudImport(string directory)
    {
        var config = ModelConfigLoader.Load(Layout, "fraud-import");
        var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
        var data = Path.Combine(directory, "transactions.csv");
        TransactionsGenerator.Write(data, 400, seed: 11);
        return new GoldenModel(config.Name, config, contract, Layout.Resolve(config.Source.Onnx!), Holdout(ModelDataset.Load(data, contract, config)));
    }

    /// <summary>digits: trained here by the built-in multinomial trainer on the bundled data.</summary>
    public static GoldenModel Digits(string directory)
    {
        var config = ModelConfigLoader.Load(Layout, "digits");
        var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
        var dataset = ModelDataset.Load(Layout, config);
        var onnx = Path.Combine(directory, "digits.onnx");
        BuiltInTrainer.Train(dataset, onnx);
        return new GoldenModel(config.Name, config, contract, onnx, Holdout(dataset));
    }

    /// <summary>diabetes (regression, one [N,F] tensor input): trained here by its external trainer (python3 with numpy and onnx).</summary>
    public static GoldenModel Diabetes(string directory)
    {
        var config = ModelConfigLoader.Load(Layout, "diabetes");
        var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
        var dataset = ModelDataset.Load(Layout, config);
        var trained = ModelTrainer.Train(dataset, Path.Combine(directory, "diabetes"), CheckoutRoot.Path);
        return new GoldenModel(config.Name, config, contract, trained.OnnxPath, Holdout(dataset));
    }

    private static FeatureBatch Holdout(ModelDataset dataset)
    {
        var batch = dataset.HoldoutBatch();
        return batch.Slice(0, Math.Min(GoldenRows, batch.Rows));
    }

    public string Digest => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Onnx)));

    public PredictorSource Source(string prefix, string version = "v1") => new()
    {
        Config = Config, Contract = Contract, OnnxFile = Onnx, Version = version, ModelDigest = Digest, PackagePrefix = prefix,
    };

    /// <summary>The golden rows as a JSON array of objects, each value in its contract type (bool, integer, number, string; null when missing).</summary>
    public string RowsJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (var r = 0; r < Rows.Rows; r++)
            {
                w.WriteStartObject();
                foreach (var column in Config.Features.Numeric)
                {
                    var v = Rows.Numeric[column][r];
                    var type = Contract.Columns.Single(c => c.Name == column).Type;
                    if (float.IsNaN(v)) w.WriteNull(column);
                    else if (type == ColumnType.Bool) w.WriteBoolean(column, v != 0);
                    else if (type == ColumnType.Int) w.WriteNumber(column, (long)v);
                    else w.WriteNumber(column, v);
                }
                foreach (var column in Config.Features.Categorical)
                {
                    var v = Rows.Categorical[column][r];
                    var type = Contract.Columns.Single(c => c.Name == column).Type;
                    if (v is null) w.WriteNull(column);
                    else if (type == ColumnType.Bool) w.WriteBoolean(column, v == "true");
                    else if (type == ColumnType.Int) w.WriteNumber(column, long.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
                    else w.WriteString(column, v);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
