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
        if (golden.Expected.Length != golden.Inputs.Rows)
            return Fail("golden set", $"{golden.Expected.Length} expected values for {golden.Inputs.Rows} rows", threshold, "the golden outputs file must have one value per golden input row");
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
            foreach (var m in new[] { "finite outputs", "probabilities in [0, 1]", "determinism", "batch of N = N single calls" })
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
            foreach (var m in new[] { "finite outputs", "probabilities in [0, 1]", "determinism", "batch of N = N single calls" })
                yield return Fail(m, "run failed", "runs on the sample", error, sample.Rows);
            yield break;
        }

        var nonFinite = first.Count(v => !float.IsFinite(v));
        yield return nonFinite == 0
            ? Pass("finite outputs", "0 NaN/inf", "0 NaN/inf", n: sample.Rows, value: 0)
            : Fail("finite outputs", $"{nonFinite} NaN/inf", "0 NaN/inf", $"first at row {Array.FindIndex(first, v => !float.IsFinite(v))}; the model does not handle missing values (NaN inputs) or overflows", sample.Rows, nonFinite);

        var outOfRange = first.Count(v => float.IsFinite(v) && (v < 0f || v > 1f));
        yield return outOfRange == 0
            ? Pass("probabilities in [0, 1]", $"min {F(first.Where(float.IsFinite).DefaultIfEmpty().Min())}, max {F(first.Where(float.IsFinite).DefaultIfEmpty().Max())}", "all in [0, 1]", n: sample.Rows, value: 0)
            : Fail("probabilities in [0, 1]", $"{outOfRange} outside", "all in [0, 1]", $"e.g. row {Array.FindIndex(first, v => v < 0f || v > 1f)} = {F(first.First(v => v < 0f || v > 1f))}; {request.Mapping.ProbabilityOutput} must be a probability (apply a sigmoid/softmax in the graph)", sample.Rows, outOfRange);

        var differing = 0;
        for (var i = 0; i < first.Length; i++)
            if (BitConverter.SingleToInt32Bits(first[i]) != BitConverter.SingleToInt32Bits(second[i])) differing++;
        yield return differing == 0
            ? Pass("determinism", "identical", "same batch twice → identical outputs", n: sample.Rows, value: 0)
            : Fail("determinism", $"{differing} rows differ", "same batch twice → identical outputs", "the model contains random or non-deterministic operators", sample.Rows, differing);

        var n = Math.Min(request.SingleCallRows, sample.Rows);
        double maxDiff = 0;
        var single = new float[1];
        for (var i = 0; i < n; i++)
        {
            scorer.Score(sample, i, 1, single);
            var d = Math.Abs((double)single[0] - first[i]);
            if (double.IsNaN(d) && !(float.IsNaN(single[0]) && float.IsNaN(first[i]))) d = double.PositiveInfinity;
            if (!double.IsNaN(d)) maxDiff = Math.Max(maxDiff, d);
        }
        yield return maxDiff <= request.BatchTolerance
            ? Pass("batch of N = N single calls", $"max |Δ| {F(maxDiff)}", $"≤ {F(request.BatchTolerance)}", n: n, value: maxDiff)
            : Fail("batch of N = N single calls", $"max |Δ| {F(maxDiff)}", $"≤ {F(request.BatchTolerance)}", "rows scored one at a time differ from the same rows in one batch: the graph mixes rows (e.g. batch statistics) or depends on batch size", n, maxDiff);
        if (request.Sample is null) notes.Add("no sample of the contract's data: finite/range/determinism checks ran on the golden inputs");
    }
}
