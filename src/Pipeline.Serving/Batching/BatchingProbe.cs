using Pipeline.Core.Features;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Batching;

/// <summary>
/// Decides at load time whether dynamic batching pays for this model. Batching costs every request a hand-off between threads
/// and a copy into and out of the merged batch; it pays only when the model's fixed cost per call is large against that.
/// The probe times one-row calls and <see cref="ProbeRows"/>-row calls of the model's neutral row, interleaved, and keeps the
/// least time of each (noise on a shared machine only ever adds time); it stops after 300 ms (a slow model: after one
/// repetition of one call each). Batching is on when a row in a batch costs at most
/// half a row alone and the saving per row is at least <see cref="ServingOptions.BatchingMinSavingMicros"/>.
/// </summary>
public static class BatchingProbe
{
    public const int ProbeRows = 16;
    private const int MinRepetitions = 3;
    private const int MaxRepetitions = 9;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(300);

    public static BatchingDecision Decide(IBatchScorer scorer, ServedModel model, ServingOptions options, TimeProvider time)
    {
        if (options.Batching is { } forced)
            return new BatchingDecision { Mode = forced ? "on" : "off", Enabled = forced, Reason = $"--batching {(forced ? "on" : "off")}" };
        var rows = Math.Min(options.MaxBatch, ProbeRows);
        if (rows < 2) return new BatchingDecision { Mode = "auto", Enabled = false, Reason = "--max-batch 1: nothing to batch" };
        var one = ModelLoading.WarmupRow(model);
        var many = Repeat(one, rows);
        double single = double.MaxValue, batched = double.MaxValue;
        try
        {
            scorer.Score(many);                 // the first call of a row count pays for binding its buffers
            var start = time.GetTimestamp();
            scorer.Score(one);
            single = time.GetElapsedTime(start).TotalMicroseconds;
            // A slow model (hundreds of ms a call) gets one single call per repetition and at least one repetition, so the
            // probe adds about three of its calls to the start, not minutes.
            var singles = single * rows * MinRepetitions > Budget.TotalMicroseconds ? 1 : rows;
            for (var rep = 0; rep < MaxRepetitions && (rep == 0 || (rep < MinRepetitions && singles > 1) || time.GetElapsedTime(start) < Budget); rep++)
            {
                var t = time.GetTimestamp();
                for (var i = 0; i < singles; i++) scorer.Score(one);
                single = Math.Min(single, time.GetElapsedTime(t).TotalMicroseconds / singles);
                t = time.GetTimestamp();
                scorer.Score(many);
                batched = Math.Min(batched, time.GetElapsedTime(t).TotalMicroseconds / rows);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new BatchingDecision { Mode = "auto", Enabled = false, Reason = $"a {rows}-row model call failed ({e.Message}): every request is scored alone" };
        }
        var saving = single - batched;
        var enabled = batched <= single / 2 && saving >= options.BatchingMinSavingMicros;
        var reason = enabled
            ? $"a row costs {batched:0.0} µs in a batch of {rows} against {single:0.0} µs alone: batching saves {saving:0.0} µs per row (at least {options.BatchingMinSavingMicros:0.#} needed)"
            : $"a row costs {batched:0.0} µs in a batch of {rows} against {single:0.0} µs alone: a saving of {saving:0.0} µs per row does not pay for batching " +
              $"(needs at least half the cost and {options.BatchingMinSavingMicros:0.#} µs); every request is scored alone";
        return new BatchingDecision { Mode = "auto", Enabled = enabled, Reason = reason, SingleRowMicros = single, BatchedRowMicros = batched, BatchRows = rows };
    }

    private static FeatureBatch Repeat(FeatureBatch row, int rows)
    {
        var batch = new FeatureBatch(rows);
        foreach (var (name, values) in row.Numeric) batch.Numeric[name] = Enumerable.Repeat(values[0], rows).ToArray();
        foreach (var (name, values) in row.Categorical) batch.Categorical[name] = Enumerable.Repeat(values[0], rows).ToArray();
        return batch;
    }
}
