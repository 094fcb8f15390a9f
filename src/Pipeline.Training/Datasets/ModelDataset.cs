using System.Security.Cryptography;
using Pipeline.Core.Features;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Tables;
using Pipeline.Training.Split;

namespace Pipeline.Training.Datasets;

/// <summary>A model's dataset loaded under its contract, with its digest and the deterministic train/holdout split from model.yaml.</summary>
public sealed class ModelDataset
{
    private ModelDataset(ModelConfig config, string dataFile, string digest, DataContract contract, ColumnarTable table, SplitResult split)
    {
        Config = config;
        DataFile = dataFile;
        DataDigest = digest;
        Contract = contract;
        Table = table;
        Split = split;
    }

    public ModelConfig Config { get; }
    public string DataFile { get; }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the dataset file's bytes.</summary>
    public string DataDigest { get; }
    public DataContract Contract { get; }
    public ColumnarTable Table { get; }
    public SplitResult Split { get; }

    public FeatureBatch TrainBatch() => Table.ToFeatureBatch(Config.Features, Split.Train);
    public FeatureBatch HoldoutBatch() => Table.ToFeatureBatch(Config.Features, Split.Holdout);
    public float[] TrainLabels() => Pick(AllLabels(Table, Config), Split.Train);
    public float[] HoldoutLabels() => Pick(AllLabels(Table, Config), Split.Holdout);

    /// <summary>The label of every row as the task reads it: 0/1, a class index 0..K-1, or a number.</summary>
    public static float[] AllLabels(ColumnarTable table, ModelConfig config) => config.Task switch
    {
        ModelTask.Multiclass => table.ClassLabels(config.Data.Label, config.Data.Classes.Count),
        ModelTask.Regression => table.Targets(config.Data.Label),
        _ => table.Labels(config.Data.Label),
    };

    /// <summary>Text values of <paramref name="column"/> for the holdout rows (segment columns).</summary>
    public string?[] HoldoutText(string column) => Pick(Table.Text(column), Split.Holdout);

    /// <summary>Loads <c>data.path</c> (generating it first from <c>data.generate</c> when missing) and splits it.</summary>
    public static ModelDataset Load(RepositoryLayout layout, ModelConfig config)
    {
        var dataFile = EnsureFile(layout, config);
        var contract = DataContractLoader.Load(layout.ContractFile(config.Data.Contract));
        return Load(dataFile, contract, config);
    }

    /// <summary>Loads an explicit dataset file under a contract and splits it as <paramref name="config"/> says.</summary>
    public static ModelDataset Load(string dataFile, DataContract contract, ModelConfig config)
    {
        var columns = new List<string>(config.Features.AllColumns) { config.Data.Label };
        if (config.Split.Column.Length > 0) columns.Add(config.Split.Column);
        columns.AddRange(config.Evaluation.Segments.Select(s => s.Column));
        var table = TableLoader.Load(dataFile, contract, columns.Distinct(StringComparer.Ordinal).ToArray());
        var splitColumn = config.Split.Column.Length > 0 ? config.Split.Column
            : throw new ArgumentException($"model {config.Name}: split.column is empty; name the key column (hash) or timestamp column (time)");
        var split = config.Split.Method == "time"
            ? HoldoutSplit.AssignByTime(config.Split, table.Seconds(splitColumn))
            : HoldoutSplit.Assign(config.Split, table.Text(splitColumn));
        LabelFit.Check(contract, config);
        var labels = AllLabels(table, config);
        var unlabelled = labels.Count(float.IsNaN);
        if (unlabelled > 0)
            throw new InvalidDataException($"{dataFile}: label column {config.Data.Label} is empty in {unlabelled} rows; every training/evaluation row needs a label");
        return new ModelDataset(config, dataFile, Digest(dataFile), contract, table, split);
    }

    public static string Digest(string file)
    {
        using var stream = File.OpenRead(file);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The absolute path of <c>data.path</c>, generated first from <c>data.generate</c> when the file is missing.</summary>
    public static string EnsureFile(RepositoryLayout layout, ModelConfig config)
    {
        var dataFile = layout.Resolve(config.Data.Path);
        EnsureGenerated(dataFile, config);
        return dataFile;
    }

    private static void EnsureGenerated(string dataFile, ModelConfig config)
    {
        if (File.Exists(dataFile)) return;
        if (config.Data.Generate is not { } g)
            throw new FileNotFoundException($"dataset {dataFile} (data.path of model {config.Name}) does not exist and data.generate is not set; provide the file or a generator", dataFile);
        GeneratedDataset.Write(dataFile, g.Generator, g.Rows, g.Seed, subject: $"dataset of {config.Name}");
    }

    private static T[] Pick<T>(T[] values, int[] rows)
    {
        var result = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = values[rows[i]];
        return result;
    }
}
