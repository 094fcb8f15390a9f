using System.Diagnostics;
using System.Threading.Channels;
using Pipeline.Batch.Sinks;
using Pipeline.Batch.Sources;
using Pipeline.Core.Features;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Batch.Scoring;

/// <summary>
/// Scores an input chunk by chunk into a sink as a three-stage pipeline: chunk N+2 is read while chunk N+1 is scored and
/// chunk N is written. Each stage hands on through a channel of one chunk, so at most five chunks exist at a time and memory
/// is bounded by the chunk size (one Parquet row group, or <see cref="BatchSources.DefaultChunkRows"/>), not the input size.
/// Each chunk is staged durably before the next one is taken.
/// </summary>
public static class BatchScoring
{
    /// <summary>Rows per parallel scoring slice (and per ONNX Runtime run, see <see cref="ScorerOptions"/>).</summary>
    public const int SliceRows = 16_384;

    /// <summary>
    /// How a batch run should open its scorer: one intra-op thread per ONNX Runtime call (the pipeline runs slices in
    /// parallel itself; ORT's own pool on top would oversubscribe the cores) and large runs (16 k rows) so the per-call cost vanishes.
    /// </summary>
    public static ScorerOptions ScorerOptions { get; } = new()
    {
        Session = Pipeline.Onnx.Runtime.SessionOptions.Default with { IntraOpThreads = 1, InterOpThreads = 1 },
        MaxBatchRows = SliceRows,
    };

    public static async Task<BatchResult> RunAsync(BatchIdentity batch, IBatchSource source, IBatchSink sink, ModelScorer scorer,
        IProgress<BatchProgress>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var resumed = await sink.BeginAsync(batch, ct);
        var read = Channel.CreateBounded<ReadChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var scored = Channel.CreateBounded<ScoredChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = Task.Run(() => Read(source, resumed, read.Writer, stop.Token), stop.Token);
        var scoring = Task.Run(() => ScoreAll(scorer, read.Reader, scored.Writer, stop.Token), stop.Token);
        var rows = resumed;
        try
        {
            await foreach (var chunk in scored.Reader.ReadAllAsync(ct))
            {
                await sink.WriteAsync(chunk, ct);
                rows = chunk.FirstRow + chunk.Rows;
                progress?.Report(new BatchProgress(rows, source.Fraction, (rows - resumed) / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
            }
        }
        catch
        {
            // A failed write stops the other stages too (they may be waiting for room in a channel).
            await stop.CancelAsync();
            await Task.WhenAll(reader, scoring).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await Task.WhenAll(reader, scoring);
        var location = await sink.CommitAsync(rows, ct);
        return new BatchResult(rows, resumed, clock.Elapsed.TotalSeconds, location);
    }

    private sealed record ReadChunk(long FirstRow, FeatureBatch Features, KeyColumn? Keys);

    private static async Task Read(IBatchSource source, long skip, ChannelWriter<ReadChunk> output, CancellationToken ct)
    {
        try
        {
            long position = 0;
            while (source.TryRead(out var chunk))
            {
                ct.ThrowIfCancellationRequested();
                var n = chunk.Features.Rows;
                var start = (int)Math.Clamp(skip - position, 0, n);
                var first = position + start;
                position += n;
                if (start == n) continue;
                var features = start == 0 ? chunk.Features : chunk.Features.Slice(start, n - start);
                var keys = start == 0 ? chunk.Keys : chunk.Keys?.Slice(start);
                await output.WriteAsync(new ReadChunk(first, features, keys), ct);
            }
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    private static async Task ScoreAll(ModelScorer scorer, ChannelReader<ReadChunk> input, ChannelWriter<ScoredChunk> output, CancellationToken ct)
    {
        try
        {
            await foreach (var chunk in input.ReadAllAsync(ct))
                await output.WriteAsync(new ScoredChunk(chunk.FirstRow, Score(scorer, chunk.Features), chunk.Keys), ct);
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    // Slices of the chunk are scored in parallel: the scorer is thread-safe and pools one native workspace per concurrent call.
    private static float[] Score(ModelScorer scorer, FeatureBatch features)
    {
        var scores = new float[features.Rows];
        var slices = (features.Rows + SliceRows - 1) / SliceRows;
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
        {
            var start = s * SliceRows;
            var count = Math.Min(SliceRows, features.Rows - start);
            scorer.Score(features, start, count, scores.AsSpan(start, count));
        });
        return scores;
    }
}
