using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Core.Monitoring;
using Pipeline.Data.Contracts;
using Pipeline.Data.Validation;
using Pipeline.Monitoring.Live;
using Pipeline.Onnx.Scoring;
using Pipeline.Testing;
using Pipeline.Training;
using Pipeline.Training.Datasets;

namespace Pipeline.Monitoring.Tests.Support;

/// <summary>
/// One of the repository's examples of another task (the diabetes regression, the digits multiclass model), trained once with its own
/// trainer, and what its servers would log: the inputs and the served output per row (the value, or the predicted class), with
/// fed-back outcomes.
/// </summary>
public abstract class TaskModelWorld : IDisposable
{
    protected TaskModelWorld(string model)
    {
        Folder = Directory.CreateTempSubdirectory($"pipeline-monitor-{model}-").FullName;
        var layout = Core.Layout.RepositoryLayout.Find(CheckoutRoot.Path);
        Config = ModelConfigLoader.Load(layout, model) with { Monitoring = new MonitoringPolicy { MinRows = 100, MinFeedback = 100 } };
        Contract = DataContractLoader.Load(layout.ContractFile(Config.Data.Contract));
        Dataset = ModelDataset.Load(layout.Resolve(Config.Data.Path), Contract, Config);
        Onnx = ModelTrainer.Train(Dataset, Path.Combine(Folder, "train"), layout.RootDirectory).OnnxPath;
        Holdout = HoldoutReferences.Compute(Dataset, Onnx);
    }

    public string Folder { get; }
    public ModelConfig Config { get; }
    public DataContract Contract { get; }
    public ModelDataset Dataset { get; }
    public string Onnx { get; }
    public HoldoutReference Holdout { get; }

    /// <summary>The Monitor's input for these logged rows and outcomes.</summary>
    public MonitorInput Input(IReadOnlyList<PredictionRecord> rows, IReadOnlyList<FeedbackRecord>? feedback = null) => new()
    {
        Config = Config, Contract = Contract, Version = "1", Traffic = new LiveTraffic("1", rows, feedback ?? []),
        TrainingProfile = DataValidator.Validate(Dataset.DataFile, Contract, new ValidationOptions { Workers = 1 }).Profile,
        Holdout = Holdout, WorkDirectory = Path.Combine(Folder, "work"),
    };

    /// <summary>What the server's prediction log keeps for these rows: the inputs and the served value or predicted class.</summary>
    public List<PredictionRecord> Logged(FeatureBatch rows)
    {
        using var scorer = ModelScorer.Open(Onnx, Config.Features);
        var scores = scorer.Score(rows);
        var width = scores.Length / rows.Rows;
        return Enumerable.Range(0, rows.Rows).Select(r => new PredictionRecord
        {
            Id = $"p{r:D4}", Time = DateTimeOffset.UnixEpoch.AddMinutes(r), Model = Config.Name, Version = "1", Variant = "stable",
            Features = rows.Numeric.ToDictionary(c => c.Key, c => (object?)(double)c.Value[r]),
            Score = width == 1 ? scores[r] : ArgMax(scores.AsSpan(r * width, width)),
        }).ToList();
    }

    /// <summary>Outcomes fed back for the logged rows, one per row, as the feedback store keeps them.</summary>
    public static List<FeedbackRecord> Outcomes(IReadOnlyList<PredictionRecord> rows, IReadOnlyList<float> labels) =>
        rows.Select((r, i) => new FeedbackRecord
        {
            Id = r.Id, Label = labels[i], At = r.Time.AddMinutes(5), PredictedAt = r.Time, Version = r.Version, Variant = r.Variant, Score = r.Score,
        }).ToList();

    private static int ArgMax(ReadOnlySpan<float> p)
    {
        var best = 0;
        for (var k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>The diabetes regression example, once per test class.</summary>
public sealed class DiabetesWorld() : TaskModelWorld("diabetes");

/// <summary>The digits multiclass example, once per test class.</summary>
public sealed class DigitsWorld() : TaskModelWorld("digits");
