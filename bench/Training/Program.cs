using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Evaluation.Gate;
using Pipeline.Evaluation.Scoring;
using Pipeline.Training;
using Pipeline.Training.Datasets;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;

// Training and evaluation throughput of the built-in model: train on N rows, evaluate (ONNX Runtime scoring + all gate metrics) on N rows.
// Usage: dotnet run -c Release --project bench/Training [-- rows]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var layout = RepositoryLayout.Find(AppContext.BaseDirectory);
var config = ModelConfigLoader.Load(layout, "fraud-detector");
var contract = DataContractLoader.Load(layout.ContractFile(config.Data.Contract));
var work = Path.Combine(Path.GetTempPath(), $"pipeline-bench-training-{Environment.ProcessId}");
Directory.CreateDirectory(work);
try
{
    // 2N rows with holdoutFraction 0.5: N to train on, ~N to evaluate.
    var dataFile = Path.Combine(work, "transactions.csv");
    var sw = Stopwatch.StartNew();
    TransactionsGenerator.Write(dataFile, 2 * rows, seed: 7);
    Console.WriteLine($"generate {2 * rows:N0} rows: {sw.Elapsed.TotalSeconds:0.0} s");

    sw.Restart();
    var split = config with { Split = config.Split with { HoldoutFraction = 0.5 } };
    var dataset = ModelDataset.Load(dataFile, contract, split);
    var train = dataset.TrainBatch();
    var labels = dataset.TrainLabels();
    var holdout = dataset.HoldoutBatch();
    var holdoutLabels = dataset.HoldoutLabels();
    Console.WriteLine($"load + split: {sw.Elapsed.TotalSeconds:0.0} s ({train.Rows:N0} train / {holdout.Rows:N0} holdout)");

    sw.Restart();
    var options = LogisticRegressionOptions.Parse(config.Source.Hyperparameters);
    var model = BuiltInTrainer.Fit(config.Name, train, labels, config.Features.Numeric, config.Features.Categorical, options);
    var onnx = Path.Combine(work, "model.onnx");
    LogisticOnnxExporter.Write(model, onnx);
    var trainSeconds = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"train (preprocessing fit + Newton, {model.Fit.Iterations} iterations) + export: {trainSeconds:0.00} s = {train.Rows / trainSeconds:N0} rows/s");

    // Scoring: the gate's default (chunks in parallel, ORT's default intra-op threads per call) against 1 intra-op thread per call,
    // alternated twice so neither profits from warm-up; the best of each is reported.
    var ortDefaultThreads = HoldoutScorer.DefaultOptions with { Session = Pipeline.Onnx.Runtime.SessionOptions.Default with { IntraOpThreads = 1, InterOpThreads = 1 } };
    float[] scores = [];
    double scoreSeconds = double.MaxValue, ortDefaultSeconds = double.MaxValue;
    for (var round = 0; round < 2; round++)
    {
        sw.Restart();
        scores = HoldoutScorer.Score(onnx, config.Features, holdout);
        scoreSeconds = Math.Min(scoreSeconds, sw.Elapsed.TotalSeconds);
        sw.Restart();
        HoldoutScorer.Score(onnx, config.Features, holdout, ortDefaultThreads);
        ortDefaultSeconds = Math.Min(ortDefaultSeconds, sw.Elapsed.TotalSeconds);
    }
    var input = new EvaluationInput
    {
        Subject = "bench",
        Scores = scores,
        Labels = holdoutLabels,
        Policy = config.Evaluation,
        SegmentColumns = config.Evaluation.Segments.ToDictionary(s => s.Column, s => dataset.HoldoutText(s.Column)),
    };
    // First call (what a build's EvaluateGate pays: JIT included), then a warm call.
    sw.Restart();
    EvaluationGate.Evaluate(input);
    var coldMetricSeconds = sw.Elapsed.TotalSeconds;
    var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    sw.Restart();
    var report = EvaluationGate.Evaluate(input);
    var metricSeconds = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"gate GC: gen0 {GC.CollectionCount(0) - gcBefore.Item1}, gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}, " +
        $"pause {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalSeconds:0.000} s, allocated {(GC.GetTotalAllocatedBytes() - gcBefore.Item5) / 1e6:0} MB");
    sw.Restart();
    var overallOnly = Pipeline.Evaluation.Metrics.MetricCalculator.Compute(Pipeline.Evaluation.Metrics.ScoreOrder.Create(scores, holdoutLabels), 0.5);
    Console.WriteLine($"  sort + overall MetricSet only: {sw.Elapsed.TotalSeconds:0.000} s");
    Pipeline.Evaluation.Metrics.ScoreOrder? order = null;
    foreach (var (name, action) in new (string, Action)[]
    {
        ("  sort once (radix, shared order)", () => order = Pipeline.Evaluation.Metrics.ScoreOrder.Create(scores, holdoutLabels)),
        ("  output sanity", () => OutputSanity.Evaluate(order!)),
        ("  threshold (max-f1)", () => Pipeline.Evaluation.Metrics.ThresholdSelector.Select("max-f1", 0, order!)),
        ("  DeLong AUC + variance", () => Pipeline.Evaluation.Metrics.DeLong.Variance(Pipeline.Evaluation.Metrics.DeLong.Compute(order!))),
        ("  average precision", () => Pipeline.Evaluation.Metrics.ScoreMetrics.AveragePrecision(order!)),
    })
    {
        sw.Restart();
        action();
        Console.WriteLine($"{name}: {sw.Elapsed.TotalSeconds:0.000} s");
    }
    Console.WriteLine($"score with 1 ORT intra-op thread per call: {ortDefaultSeconds:0.00} s = {holdout.Rows / ortDefaultSeconds:N0} rows/s");
    var evalSeconds = scoreSeconds + metricSeconds;
    Console.WriteLine($"score through ONNX Runtime: {scoreSeconds:0.00} s = {holdout.Rows / scoreSeconds:N0} rows/s");
    Console.WriteLine($"metrics + DeLong + segments, first call (JIT included): {coldMetricSeconds:0.00} s; evaluate total first call: {scoreSeconds + coldMetricSeconds:0.00} s = {holdout.Rows / (scoreSeconds + coldMetricSeconds):N0} rows/s");
    Console.WriteLine($"metrics + DeLong + segments, warm: {metricSeconds:0.00} s");
    Console.WriteLine($"evaluate total: {evalSeconds:0.00} s = {holdout.Rows / evalSeconds:N0} rows/s");
    Console.WriteLine($"AUC {report.Overall?.Auc:0.0000}, verdict {report.Verdict.Outcome}");
    Console.WriteLine($"targets: training <= 30 s ({(trainSeconds <= 30 ? "met" : "MISSED")}), evaluation >= 1,000,000 rows/s ({(holdout.Rows / evalSeconds >= 1e6 ? "met" : "MISSED")})");
}
finally
{
    Directory.Delete(work, recursive: true);
}
