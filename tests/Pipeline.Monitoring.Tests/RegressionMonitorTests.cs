using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Core.Monitoring;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Validation;
using Pipeline.Monitoring.Live;
using Pipeline.Onnx.Scoring;
using Pipeline.Testing;
using Pipeline.Training;
using Pipeline.Training.Datasets;

namespace Pipeline.Monitoring.Tests;

/// <summary>
/// The Monitor on a model of another kind: the diabetes regression example (its external numpy trainer, ONNX Runtime scoring).
/// Input drift and the shift of the served values are judged as for the fraud classifier; live quality is said not to apply.
/// </summary>
public sealed class RegressionMonitorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipeline-monitor-regression-").FullName;
    private readonly ModelConfig _config;
    private readonly DataContract _contract;
    private readonly ModelDataset _dataset;
    private readonly string _onnx;

    public RegressionMonitorTests()
    {
        var layout = Core.Layout.RepositoryLayout.Find(CheckoutRoot.Path);
        _config = ModelConfigLoader.Load(layout, "diabetes") with { Monitoring = new MonitoringPolicy { MinRows = 100, MinFeedback = 100 } };
        _contract = DataContractLoader.Load(layout.ContractFile(_config.Data.Contract));
        _dataset = ModelDataset.Load(layout.Resolve(_config.Data.Path), _contract, _config);
        _onnx = ModelTrainer.Train(_dataset, Path.Combine(_folder, "train"), layout.RootDirectory).OnnxPath;
    }

    [Fact]
    public void Monitor_RegressionTrafficLikeTraining_RaisesNothingAndSaysQualityIsNotJudged()
    {
        var result = ProductionMonitor.Evaluate(Input(Logged(_dataset.TrainBatch())));

        Assert.False(result.Breach, string.Join("\n", result.Verdict.Failures.Select(f => $"{f.Metric}: {f.Observed} vs {f.Threshold}")));
        Assert.Contains(result.Verdict.Checks, c => c.Metric.StartsWith("input drift: bmi", StringComparison.Ordinal) && c.Outcome != CheckOutcome.Info);
        Assert.Contains(result.Verdict.Checks, c => c.Metric.StartsWith("prediction", StringComparison.Ordinal) && c.Outcome != CheckOutcome.Info);
        var quality = Assert.Single(result.Verdict.Checks, c => c.Metric == "live quality");
        Assert.Equal(CheckOutcome.Info, quality.Outcome);
        Assert.Contains("regression", quality.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Monitor_RegressionInputsDrift_BreachesOnTheDriftedInputAndTheServedValues()
    {
        var rows = _dataset.TrainBatch();
        var bmi = rows.Numeric["bmi"].Select(v => v * 1.35f).ToArray();
        var s5 = rows.Numeric["s5"].Select(v => v + 0.6f).ToArray();
        var drifted = rows.WithNumeric("bmi", bmi).WithNumeric("s5", s5);

        var result = ProductionMonitor.Evaluate(Input(Logged(drifted)));

        Assert.True(result.Breach);
        Assert.Contains(result.Verdict.Failures, f => f.Metric.StartsWith("input drift: bmi", StringComparison.Ordinal));
        // Heavier, sicker-looking patients: the served progression values leave the holdout's deciles.
        Assert.Contains(result.Verdict.Failures, f => f.Metric.StartsWith("prediction", StringComparison.Ordinal));
    }

    private MonitorInput Input(IReadOnlyList<PredictionRecord> rows) => new()
    {
        Config = _config, Contract = _contract, Version = "1", Traffic = new LiveTraffic("1", rows, []),
        TrainingProfile = DataValidator.Validate(_dataset.DataFile, _contract, new ValidationOptions { Workers = 1 }).Profile,
        Holdout = HoldoutReferences.Compute(_dataset, _onnx), WorkDirectory = Path.Combine(_folder, "work"),
    };

    /// <summary>What the server's prediction log keeps for these rows: the inputs and the value ONNX Runtime serves for each.</summary>
    private List<PredictionRecord> Logged(FeatureBatch rows)
    {
        using var scorer = ModelScorer.Open(_onnx, _config.Features);
        var values = scorer.Score(rows);
        return Enumerable.Range(0, rows.Rows).Select(r => new PredictionRecord
        {
            Id = $"p{r:D4}", Time = DateTimeOffset.UnixEpoch.AddMinutes(r), Model = "diabetes", Version = "1", Variant = "stable",
            Features = rows.Numeric.ToDictionary(c => c.Key, c => (object?)(double)c.Value[r]), Score = values[r],
        }).ToList();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
