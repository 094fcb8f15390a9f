using Pipeline.Core.Features;
using Pipeline.Core.Verdicts;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Onnx.Import;

public sealed partial class ImportValidator
{
    private static Check GoldenCheck(ImportRequest request, ModelScorer scorer, List<string> notes)
    {
        if (request.Golden is not { } golden)
        {
            notes.Add("no golden set in model.yaml: the model's outputs are not compared with reference outputs");
            return new Check { Metric = "golden set", Observed = "none", Threshold = "matches within rtol/atol", Outcome = CheckOutcome.Info, Detail = "add golden inputs/outputs to model.yaml to pin the model's behaviour" };
        }
        var threshold = $"|Δ| ≤ {F(golden.Atol)} + {F(golden.Rtol)}·|expected|";
        if (golden.Expected.Length != golden.Inputs.Rows * scorer.Width)
            return Fail("golden set", $"{golden.Expected.Length} expected values for {golden.Inputs.Rows} rows", threshold,
                scorer.Width == 1 ? "the golden outputs file must have one value per golden input row" : $"the golden outputs file must have {scorer.Width} class probabilities per golden input row");
        float[] actual;
        try
        {
            actual = scorer.Score(golden.Inputs);
        }
        catch (Exception e) when (e is KeyNotFoundException or Runtime.OnnxRuntimeException or InvalidOperationException)
        {
            return Fail("golden set", "run failed", threshold, e.Message, golden.Inputs.Rows);
        }
        var bad = 0;
        var worst = -1;
        double worstDiff = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var diff = Math.Abs((double)actual[i] - golden.Expected[i]);
            if (!(diff <= golden.Atol + golden.Rtol * Math.Abs(golden.Expected[i]))) bad++;
            if (diff > worstDiff || double.IsNaN(diff)) (worst, worstDiff) = (i, double.IsNaN(diff) ? double.PositiveInfinity : diff);
        }
        var observed = $"{bad}/{actual.Length} rows outside, max |Δ| {F(worstDiff)}";
        return bad == 0
            ? Pass("golden set", observed, threshold, n: actual.Length, value: worstDiff)
            : Fail("golden set", observed, threshold, $"row {worst}: model gives {F(actual[worst])}, golden output {F(golden.Expected[worst])}; the model differs from the one the golden set was recorded with", actual.Length, worstDiff);
    }

    private static IEnumerable<Check> SampleChecks(ImportRequest request, ModelScorer scorer, List<string> notes)
    {
        var sample = request.Sample ?? request.Golden?.Inputs;
        if (sample is null || sample.Rows == 0)
        {
            foreach (var m in new[] { "finite outputs", RangeMetric(request.Mapping), "determinism", "batch of N = N single calls" })
                yield return Fail(m, "no data", "runs on a sample of the contract's data", "no sample rows were given; point data.path in model.yaml at the contract's data");
            yield break;
        }
        float[] first, second;
        string? error = null;
        try
        {
            first = scorer.Score(sample);
            second = scorer.Score(sample);
        }
        catch (Exception e) when (e is KeyNotFoundException or Runtime.OnnxRuntimeException or InvalidOperationException)
        {
            first = second = [];
            error = e.Message;
        }
        if (error is not null)
        {
            foreach (var m in new[] { "finite outputs", RangeMetric(request.Mapping), "determinism", "batch of N = N single calls" })
                yield return Fail(m, "run failed", "runs on the sample", error, sample.Rows);
            yield break;
        }

        var nonFinite = first.Count(v => !float.IsFinite(v));
        yield return nonFinite == 0
            ? Pass("finite outputs", "0 NaN/inf", "0 NaN/inf", n: sample.Rows, value: 0)
            : Fail("finite outputs", $"{nonFinite} NaN/inf", "0 NaN/inf", $"first at row {Array.FindIndex(first, v => !float.IsFinite(v))}; the model does not handle missing values (NaN inputs) or overflows", sample.Rows, nonFinite);

        yield return RangeCheck(request.Mapping, first, sample.Rows);

        var differing = 0;
        for (var i = 0; i < first.Length; i++)
            if (BitConverter.SingleToInt32Bits(first[i]) != BitConverter.SingleToInt32Bits(second[i])) differing++;
        yield return differing == 0
            ? Pass("determinism", "identical", "same batch twice → identical outputs", n: sample.Rows, value: 0)
            : Fail("determinism", $"{differing} rows differ", "same batch twice → identical outputs", "the model contains random or non-deterministic operators", sample.Rows, differing);

        var n = Math.Min(request.SingleCallRows, sample.Rows);
        double maxDiff = 0;
        var width = scorer.Width;
        var single = new float[width];
        for (var i = 0; i < n; i++)
        {
            scorer.Score(sample, i, 1, single);
            for (var c = 0; c < width; c++)
            {
                var d = Math.Abs((double)single[c] - first[i * width + c]);
                if (double.IsNaN(d) && !(float.IsNaN(single[c]) && float.IsNaN(first[i * width + c]))) d = double.PositiveInfinity;
                if (!double.IsNaN(d)) maxDiff = Math.Max(maxDiff, d);
            }
        }
        yield return maxDiff <= request.BatchTolerance
            ? Pass("batch of N = N single calls", $"max |Δ| {F(maxDiff)}", $"≤ {F(request.BatchTolerance)}", n: n, value: maxDiff)
            : Fail("batch of N = N single calls", $"max |Δ| {F(maxDiff)}", $"≤ {F(request.BatchTolerance)}", "rows scored one at a time differ from the same rows in one batch: the graph mixes rows (e.g. batch statistics) or depends on batch size", n, maxDiff);
        if (request.Sample is null) notes.Add("no sample of the contract's data: finite/range/determinism checks ran on the golden inputs");
    }

    /// <summary>The name of the per-task range check: probabilities in [0, 1] (binary), a distribution over the classes (multiclass), a value range (regression).</summary>
    internal static string RangeMetric(Core.Models.FeatureMapping mapping) => mapping.Task switch
    {
        Core.Models.ModelTask.Multiclass => "class probabilities in [0, 1] summing to 1",
        Core.Models.ModelTask.Regression => "value range",
        _ => "probabilities in [0, 1]",
    };

    private static Check RangeCheck(Core.Models.FeatureMapping mapping, float[] first, int rows)
    {
        var metric = RangeMetric(mapping);
        var finite = first.Where(float.IsFinite).DefaultIfEmpty();
        if (mapping.Task == Core.Models.ModelTask.Regression)
            return new Check { Metric = metric, Observed = $"min {F(finite.Min())}, max {F(finite.Max())}", Threshold = "reported (EvaluateGate judges the range against the training labels)", Outcome = CheckOutcome.Info, SampleSize = rows };
        if (mapping.Task == Core.Models.ModelTask.Multiclass)
        {
            var k = mapping.ClassCount;
            var bad = -1;
            var badRows = 0;
            for (var r = 0; r < rows; r++)
            {
                double sum = 0;
                var ok = true;
                for (var c = 0; c < k; c++)
                {
                    var v = first[r * k + c];
                    if (float.IsFinite(v) && (v < 0f || v > 1f)) ok = false;
                    sum += v;
                }
                if (!ok || (double.IsFinite(sum) && Math.Abs(sum - 1) > 1e-3)) { badRows++; if (bad < 0) bad = r; }
            }
            return badRows == 0
                ? Pass(metric, $"{rows} rows of {k}", "every row in [0, 1], |Σp − 1| ≤ 0.001", n: rows, value: 0)
                : Fail(metric, $"{badRows} rows off", "every row in [0, 1], |Σp − 1| ≤ 0.001",
                    $"e.g. row {bad} = [{string.Join(", ", first.Skip(bad * k).Take(k).Select(v => F(v)))}]; {mapping.ProbabilityOutput} must be a probability per class of data.classes (apply a softmax in the graph)", rows, badRows);
        }
        var outOfRange = first.Count(v => float.IsFinite(v) && (v < 0f || v > 1f));
        return outOfRange == 0
            ? Pass(metric, $"min {F(finite.Min())}, max {F(finite.Max())}", "all in [0, 1]", n: rows, value: 0)
            : Fail(metric, $"{outOfRange} outside", "all in [0, 1]", $"e.g. row {Array.FindIndex(first, v => v < 0f || v > 1f)} = {F(first.First(v => v < 0f || v > 1f))}; {mapping.ProbabilityOutput} must be a probability (apply a sigmoid/softmax in the graph)", rows, outOfRange);
    }
}
