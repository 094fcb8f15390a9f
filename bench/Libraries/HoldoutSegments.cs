using System.Diagnostics;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Evaluation.Gate;
using Pipeline.Evaluation.Scoring;
using Pipeline.Training;
using Pipeline.Training.Datasets;

namespace Pipeline.Bench.Libraries;

/// <summary>
/// The data frame where the project uses it: EvaluateGate's per-segment grouping of the scored holdout through a
/// Microsoft.Data.Analysis frame (<see cref="SegmentGroups"/>) against the dictionary pass it replaced (kept here only), on the
/// fraud-detector holdout (60,000 generated rows, seed 7, 25 % holdout; segments country and card_present), in one run; and
/// what one gate and one EvaluateGate's work (dataset load, scoring, gate) cost around it.
/// </summary>
internal static class HoldoutSegments
{
    public static int Run(int repetitions)
    {
        var layout = RepositoryLayout.Find(AppContext.BaseDirectory);
        var config = ModelConfigLoader.Load(layout, "fraud-detector");
        var work = Directory.CreateTempSubdirectory("pipeline-bench-holdout-").FullName;
        try
        {
            var file = Path.Combine(work, "transactions.csv");
            TransactionsGenerator.Write(file, 60_000, seed: 7);
            var dataset = ModelDataset.Load(file, DataContractLoader.Load(layout.ContractFile(config.Data.Contract)), config);
            var onnx = BuiltInTrainer.Train(dataset, Path.Combine(work, "model.onnx")).OnnxPath;
            var columns = config.Evaluation.Segments.Select(s => s.Column).Distinct(StringComparer.Ordinal)
                .ToDictionary(c => c, dataset.HoldoutText, StringComparer.Ordinal);
            var rows = dataset.Split.Holdout.Length;
            var input = new EvaluationInput
            {
                Subject = "bench", Scores = HoldoutScorer.Score(onnx, config.Features, dataset.HoldoutBatch()), Labels = dataset.HoldoutLabels(),
                Policy = config.Evaluation, SegmentColumns = columns,
            };

            var identical = columns.All(c =>
            {
                var (values, groupOf) = Dictionary(c.Value);
                var frame = SegmentGroups.Of(SegmentGroups.Frame(columns, [c.Key], rows), c.Key);
                return values.SequenceEqual(frame.Values) && groupOf.SequenceEqual(frame.GroupOf);
            });
            Console.WriteLine($"holdout  fraud-detector, {rows:N0} rows, segment columns {string.Join(", ", columns.Keys)}; frame groups identical to the dictionary's: {identical}");

            var dictionaryMs = new List<double>();
            var frameMs = new List<double>();
            long dictionaryBytes = 0, frameBytes = 0;
            for (var round = 0; round < 5; round++)
            {
                // Alternate which goes first; round 0 is warm-up.
                foreach (var useFrame in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var allocated = GC.GetTotalAllocatedBytes(true);
                    var watch = Stopwatch.StartNew();
                    for (var r = 0; r < repetitions; r++)
                    {
                        if (useFrame)
                        {
                            var frame = SegmentGroups.Frame(columns, columns.Keys, rows);
                            foreach (var c in columns.Keys) SegmentGroups.Of(frame, c);
                        }
                        else
                        {
                            foreach (var c in columns.Values) Dictionary(c);
                        }
                    }
                    var ms = watch.Elapsed.TotalMilliseconds / repetitions;
                    var bytes = (GC.GetTotalAllocatedBytes(true) - allocated) / repetitions;
                    if (round == 0) continue;
                    (useFrame ? frameMs : dictionaryMs).Add(ms);
                    if (useFrame) frameBytes = bytes; else dictionaryBytes = bytes;
                }
            }
            var gateMs = Median(Enumerable.Range(0, 7).Select(_ => Time(() => EvaluationGate.Evaluate(input))).Skip(1));
            var contract = DataContractLoader.Load(layout.ContractFile(config.Data.Contract));
            var targetMs = Median(Enumerable.Range(0, 4).Select(_ => Time(() => HoldoutEvaluation.Evaluate(ModelDataset.Load(file, contract, config), onnx, "bench"))).Skip(1));
            var d = Median(dictionaryMs);
            var f = Median(frameMs);
            Console.WriteLine(FormattableString.Invariant(
                $"segments dictionary pass {d:F2} ms, {dictionaryBytes / 1e3:F0} KB; data frame (build + GroupBy per column) {f:F2} ms, {frameBytes / 1e3:F0} KB per gate ({f / d:F1}×; medians of 4 alternated rounds of {repetitions})"));
            Console.WriteLine(FormattableString.Invariant(
                $"         EvaluationGate.Evaluate (frame inside) {gateMs:F1} ms: the frame's extra {f - d:F2} ms is {(f - d) / gateMs:P1} of it; EvaluateGate's work (load the dataset, score, judge) {targetMs:F0} ms: {(f - d) / targetMs:P2}"));
            return identical ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The gate's grouping before the frame: one dictionary pass, ids renumbered in ordinal order of the value.</summary>
    private static (string[] Values, int[] GroupOf) Dictionary(string?[] values)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupOf = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var key = string.IsNullOrEmpty(values[i]) ? "(missing)" : values[i]!;
            if (!ids.TryGetValue(key, out var id)) ids[key] = id = ids.Count;
            groupOf[i] = id;
        }
        var names = new string[ids.Count];
        foreach (var (name, id) in ids) names[id] = name;
        var sorted = (string[])names.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var rank = new int[names.Length];
        for (var r = 0; r < sorted.Length; r++) rank[ids[sorted[r]]] = r;
        for (var i = 0; i < groupOf.Length; i++) groupOf[i] = rank[groupOf[i]];
        return (sorted, groupOf);
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v[v.Length / 2];
    }
}
