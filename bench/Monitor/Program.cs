using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Core.Monitoring;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Validation;
using Pipeline.Monitoring;
using Pipeline.Monitoring.Live;
using Pipeline.Training;
using Pipeline.Training.Datasets;

// False-alarm rate of the Monitor: repeated windows of live traffic drawn like the training data (fresh generator seeds),
// scored by the released model, with every outcome fed back; how often does the verdict breach? And for comparison, how
// often does it breach on drifted windows (amount x1.3, and x1.6 with a new merchant category)?
// Usage: Pipeline.Bench.Monitor [windows=40] [rows per window=1500]
var windows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1500;
var folder = Directory.CreateTempSubdirectory("pipeline-bench-monitor-").FullName;
try
{
    var layout = RepositoryLayout.Find(AppContext.BaseDirectory);
    var config = ModelConfigLoader.Load(layout, "fraud-detector") with { Monitoring = new MonitoringPolicy { MinRows = 300, MinFeedback = 300 } };
    var contract = DataContractLoader.Load(layout.ContractFile(config.Data.Contract));
    var lenient = contract with { Dataset = contract.Dataset with { MaxRejectedShare = 1 } };
    var train = Path.Combine(folder, "train.csv");
    GeneratedDataset.Write(train, "transactions", 20_000, 7);
    var dataset = ModelDataset.Load(train, contract, config);
    var onnx = BuiltInTrainer.Train(dataset, Path.Combine(folder, "model.onnx")).OnnxPath;
    var profile = DataValidator.Validate(train, contract, new ValidationOptions { Workers = 1 }).Profile;
    var holdout = HoldoutReferences.Compute(dataset, onnx);

    LiveTraffic Window(int seed, DriftOptions? drift)
    {
        var file = Path.Combine(folder, $"w{seed}.csv");
        GeneratedDataset.Write(file, "transactions", rows, seed, drift);
        var data = ModelDataset.Load(file, lenient, config);
        var batch = data.Table.ToFeatureBatch(config.Features);
        var scores = Pipeline.Evaluation.Scoring.HoldoutScorer.Score(onnx, config.Features, batch);
        var labels = data.Table.Labels(config.Data.Label);
        var records = Enumerable.Range(0, rows).Select(i => new PredictionRecord
        {
            Id = $"w{seed}-{i}", Time = DateTimeOffset.UnixEpoch, Model = "fraud-detector", Version = "1", Variant = "stable", Score = scores[i],
            Features = batch.Numeric.Select(n => (n.Key, (object?)(float.IsNaN(n.Value[i]) ? null : (double)n.Value[i])))
                .Concat(batch.Categorical.Select(c => (c.Key, (object?)c.Value[i]))).ToDictionary(x => x.Key, x => x.Item2),
        }).ToList();
        var feedback = records.Select((r, i) => new FeedbackRecord { Id = r.Id, Label = labels[i] > 0.5f ? 1 : 0, At = r.Time, PredictedAt = r.Time, Version = "1", Variant = "stable", Score = r.Score }).ToList();
        File.Delete(file);
        return new LiveTraffic("1", records, feedback);
    }

    (int Breaches, Dictionary<string, int> ByCheck, double Seconds) Run(string name, DriftOptions? drift, int seedBase)
    {
        var watch = Stopwatch.StartNew();
        var breaches = 0;
        var byCheck = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var w = 0; w < windows; w++)
        {
            var result = ProductionMonitor.Evaluate(new MonitorInput
            {
                Config = config, Contract = contract, Version = "1", Traffic = Window(seedBase + w, drift), TrainingProfile = profile, Holdout = holdout,
                WorkDirectory = Path.Combine(folder, "work"),
            });
            if (result.Breach) breaches++;
            foreach (var f in result.Verdict.Failures) byCheck[f.Metric] = byCheck.GetValueOrDefault(f.Metric) + 1;
        }
        Console.WriteLine($"{name,-34} breach in {breaches,3} of {windows} windows ({100.0 * breaches / windows:0.0} %), {watch.Elapsed.TotalSeconds / windows:0.00} s per window");
        foreach (var (metric, n) in byCheck.OrderByDescending(k => k.Value).Take(6)) Console.WriteLine($"    {n,3}× {metric}");
        return (breaches, byCheck, watch.Elapsed.TotalSeconds);
    }

    Console.WriteLine($"Monitor false-alarm bench: {windows} windows of {rows} rows each, all with outcomes; minRows/minFeedback 300; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    var none = Run("no drift (fresh seeds)", null, 10_000);
    var mild = Run("amount x1.3", new DriftOptions { AmountScale = 1.3 }, 20_000);
    var strong = Run("amount x1.6 + new category 10 %", new DriftOptions { AmountScale = 1.6, NewCategory = "crypto_exchange" }, 30_000);
    Console.WriteLine($"false-alarm rate {100.0 * none.Breaches / windows:0.0} % (target <= 5 %); detection {100.0 * mild.Breaches / windows:0.0} % (x1.3), {100.0 * strong.Breaches / windows:0.0} % (x1.6 + category)");
}
finally
{
    Directory.Delete(folder, recursive: true);
}
