using System.Threading.Channels;
using Pipeline.Core.Features;
using Pipeline.Serving.Metrics;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Batching;

/// <summary>Triton-style dynamic batcher: queued requests run as one model call of up to <c>maxBatch</c> rows.
/// It waits up to <c>maxDelay</c> for more rows only while other requests are still arriving, so a lone request is never delayed.</summary>
internal sealed class DynamicBatcher : IScoringQueue
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IBatchScorer _scorer;
    private readonly ServingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxDelay;
    private readonly int _capacity;
    private readonly Task _loop;
    private int _depth;
    private int _expected;
    private volatile bool _closed;

    public DynamicBatcher(IBatchScorer scorer, ServingMetrics metrics, TimeProvider time, int maxBatch, TimeSpan maxDelay, int capacity)
    {
        _scorer = scorer;
        _metrics = metrics;
        _time = time;
        _maxBatch = maxBatch;
        _maxDelay = maxDelay;
        _capacity = capacity;
        _loop = Task.Run(RunAsync);
    }

    public int Depth => Volatile.Read(ref _depth);

    public void Expect() => Interlocked.Increment(ref _expected);

    public void Forget() => Interlocked.Decrement(ref _expected);

    public Task<float[]> ScoreAsync(FeatureBatch batch)
    {
        Interlocked.Decrement(ref _expected);
        var depth = Interlocked.Increment(ref _depth);
        if (depth > _capacity)
        {
            Interlocked.Decrement(ref _depth);
            return Task.FromException<float[]>(new QueueFullException(_capacity));
        }
        // Alone (nothing queued, nothing in the model, nobody arriving): nothing to batch with, so score on this thread
        // and save the two thread hops through the queue. Anyone arriving meanwhile sees depth 1 and queues.
        if (depth == 1 && Volatile.Read(ref _expected) <= 0 && !_closed)
        {
            try
            {
                var scores = ScoreAndObserve(batch, batch.Rows);
                return Task.FromResult(scores);
            }
            catch (Exception e)
            {
                return Task.FromException<float[]>(new ModelFailedException(batch.Rows, e));
            }
            finally
            {
                Interlocked.Decrement(ref _depth);
            }
        }
        var pending = new Pending(batch);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _depth);
            return Task.FromException<float[]>(new ObjectDisposedException(nameof(DynamicBatcher), "the server is shutting down"));
        }
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var group = new List<Pending>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (!reader.TryRead(out var first)) continue;
            group.Clear();
            group.Add(first);
            var rows = first.Batch.Rows;
            var deadline = _time.GetTimestamp() + (long)(_maxDelay.TotalSeconds * _time.TimestampFrequency);
            while (rows < _maxBatch)
            {
                if (reader.TryPeek(out var next))
                {
                    if (rows + next.Batch.Rows > _maxBatch) break;
                    reader.TryRead(out _);
                    group.Add(next);
                    rows += next.Batch.Rows;
                    continue;
                }
                // Wait only when another request is on its way (being read or parsed); a lone request goes straight to the model.
                if (Volatile.Read(ref _expected) <= 0) break;
                var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero) break;
                var wait = reader.WaitToReadAsync();
                if (wait.IsCompleted) { if (!wait.Result) break; continue; }
                try
                {
                    if (!await wait.AsTask().WaitAsync(remaining, _time).ConfigureAwait(false)) break;
                }
                catch (TimeoutException) { break; }
            }
            Run(group, rows);
        }
    }

    private void Run(List<Pending> group, int rows)
    {
        var batch = FeatureBatchMerge.Concat(group.Select(p => p.Batch).ToArray());
        float[] scores;
        try
        {
            scores = ScoreAndObserve(batch, rows);
        }
        catch (Exception e)
        {
            var failure = new ModelFailedException(rows, e);
            foreach (var p in group) Complete(p, null, failure);
            return;
        }
        var offset = 0;
        foreach (var p in group)
        {
            var part = group.Count == 1 ? scores : scores.AsSpan(offset, p.Batch.Rows).ToArray();
            offset += p.Batch.Rows;
            Complete(p, part, null);
        }
    }

    private float[] ScoreAndObserve(FeatureBatch batch, int rows)
    {
        var scores = _scorer.Score(batch);
        if (scores.Length != rows) throw new InvalidOperationException($"the model returned {scores.Length} scores for {rows} rows");
        _metrics.ObserveBatch(rows);
        _metrics.ObservePredictions(batch, scores);
        return scores;
    }

    private void Complete(Pending p, float[]? scores, Exception? error)
    {
        Interlocked.Decrement(ref _depth);
        if (error is not null) p.Completion.TrySetException(error);
        else p.Completion.TrySetResult(scores!);
    }

    /// <summary>Stops taking requests and scores everything already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed class Pending(FeatureBatch batch)
    {
        public FeatureBatch Batch { get; } = batch;
        public TaskCompletionSource<float[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
