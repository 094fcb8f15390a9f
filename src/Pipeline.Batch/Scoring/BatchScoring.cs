using System.Diagnostics;
using System.Threading.Channels;
using Pipeline.Batch.Sinks;
using Pipeline.Batch.Sources;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Batch.Scoring;

/// <summary>
/// Scores an input chunk by chunk into a sink: reading and scoring overlap with writing (at most two chunks in flight, so
/// memory is bounded by the chunk size, not the input size); each chunk is staged durably before the next one is taken.
/// </summary>
public static class BatchScoring
{
    public static async Task<BatchResult> RunAsync(BatchIdentity batch, IBatchSource source, IBatchSink sink, ModelScorer scorer,
        IProgress<BatchProgress>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var resumed = await sink.BeginAsync(batch, ct);
        var chunks = Channel.CreateBounded<ScoredChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => Produce(source, scorer, resumed, chunks.Writer, stop.Token), stop.Token);
        var rows = resumed;
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            {
                await sink.WriteAsync(chunk, ct);
                rows = chunk.FirstRow + chunk.Rows;
                progress?.Report(new BatchProgress(rows, source.Fraction, (rows - resumed) / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
            }
        }
        catch
        {
            // A failed write stops the reader too (it may be waiting for room in the channel).
            await stop.CancelAsync();
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await producer;
        var location = await sink.CommitAsync(rows, ct);
        return new BatchResult(rows, resumed, clock.Elapsed.TotalSeconds, location);
    }

    private static async Task Produce(IBatchSource source, ModelScorer scorer, long skip, ChannelWriter<ScoredChunk> output, CancellationToken ct)
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
                var keys = chunk.Keys is null ? null : start == 0 ? chunk.Keys : chunk.Keys[start..];
                await output.WriteAsync(new ScoredChunk(first, Score(scorer, features), keys), ct);
            }
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    // Slices of the chunk are scored in parallel: the scorer is thread-safe and pools one native workspace per concurrent call.
    private static float[] Score(ModelScorer scorer, Pipeline.Core.Features.FeatureBatch features)
    {
        var scores = new float[features.Rows];
        const int slice = 16_384;
        var slices = (features.Rows + slice - 1) / slice;
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
        {
            var start = s * slice;
            var count = Math.Min(slice, features.Rows - start);
            scorer.Score(features, start, count, scores.AsSpan(start, count));
        });
        return scores;
    }
}
