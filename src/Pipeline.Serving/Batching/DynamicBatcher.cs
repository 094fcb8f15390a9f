using System.Collections.Concurrent;
using Pipeline.Core.Features;
using Pipeline.Serving.Metrics;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Batching;

/// <summary>Triton-style dynamic batcher: queued requests run as one model call of up to <c>maxBatch</c> rows.</summary>
/// <remarks>
/// No dedicated batching thread: the request that finds the model idle becomes the leader and scores, on its own thread,
/// everything queued at that moment (its own request included). Requests arriving while the model runs queue up and form
/// the next batch, which a thread-pool thread leads, so the leader's own answer is not held back. Up to <c>instances</c>
/// batches run at once (Triton's instance count; one by default). So a lone request costs no thread hop, and
/// under load batches grow with the load. The leader waits up to <c>maxDelay</c> for more rows only while more are on their
/// way: other requests whose bodies are being read, or, when the previous model call ended less than <c>maxDelay</c> ago,
/// the clients of that call coming back (closed-loop clients and steady streams do), until the batch is as large as the
/// previous one, and never for more clients than have a connection open besides the leader's. So a lone request is never
/// delayed (nothing is being read, and either its previous call had one row or no other client is connected), and under
/// sustained load batches stay large instead of alternating between one early arrival and everyone else.
/// </remarks>
internal sealed class DynamicBatcher : IScoringQueue
{
    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly IBatchScorer _scorer;
    private readonly ServingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxDelay;
    private readonly int _capacity;
    private readonly int _instances;
    private readonly Func<int> _connections;
    private int _depth;
    private int _expected;
    private int _leading;
    private int _lastRows;
    private long _lastEnd;
    private int _queuedRows;
    private int _wakeFull = int.MaxValue;
    private int _wakeTarget = int.MaxValue;
    private TaskCompletionSource? _arrival;
    private volatile bool _closed;

    /// <param name="connections">Client connections open now (null: not counted); bounds how many returning clients the leader waits for.</param>
    public DynamicBatcher(IBatchScorer scorer, ServingMetrics metrics, TimeProvider time, int maxBatch, TimeSpan maxDelay, int capacity, int instances = 1,
        Func<int>? connections = null)
    {
        _connections = connections ?? (() => int.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        _instances = instances;
        _scorer = scorer;
        _metrics = metrics;
        _time = time;
        _maxBatch = maxBatch;
        _maxDelay = maxDelay;
        _capacity = capacity;
    }

    public int Depth => Volatile.Read(ref _depth);

    public void Expect() => Interlocked.Increment(ref _expected);

    public void Forget()
    {
        Interlocked.Decrement(ref _expected);
        WakeIfReady();
    }

    public ValueTask<float[]> ScoreAsync(FeatureBatch batch)
    {
        Interlocked.Decrement(ref _expected);
        if (_closed) return ValueTask.FromException<float[]>(new ObjectDisposedException(nameof(DynamicBatcher), "the server is shutting down"));
        if (Interlocked.Increment(ref _depth) > _capacity)
        {
            Interlocked.Decrement(ref _depth);
            return ValueTask.FromException<float[]>(new QueueFullException(_capacity));
        }
        var pending = new Pending(batch);
        _queue.Enqueue(pending);
        Interlocked.Add(ref _queuedRows, batch.Rows);
        WakeIfReady();
        // Runs synchronously up to its first wait: a lone request is scored right here and its task is already complete.
        if (TryLead()) _ = LeadAsync();
        return new ValueTask<float[]>(pending.Completion.Task);
    }

    /// <summary>Wakes a waiting leader once its batch can go (full, or its target reached with nothing more being read), not
    /// at every arrival: each wake is a thread hop.</summary>
    private void WakeIfReady()
    {
        if (Volatile.Read(ref _arrival) is { } arrival && Ready()) arrival.TrySetResult();
    }

    private bool Ready()
    {
        var queued = Volatile.Read(ref _queuedRows);
        return queued >= Volatile.Read(ref _wakeFull) || (queued >= Volatile.Read(ref _wakeTarget) && Volatile.Read(ref _expected) <= 0);
    }

    private bool TryLead()
    {
        while (true)
        {
            var leading = Volatile.Read(ref _leading);
            if (leading >= _instances) return false;
            if (Interlocked.CompareExchange(ref _leading, leading + 1, leading) == leading) return true;
        }
    }

    /// <summary>Scores one batch; the caller holds the leadership, which is released (or handed to a pool thread) at the end.</summary>
    private async Task LeadAsync()
    {
        try
        {
            var group = new List<Pending>();
            var rows = Take(group, 0);
            var target = ReturningRows();
            if (rows > 0 && rows < _maxBatch && _maxDelay > TimeSpan.Zero && (Volatile.Read(ref _expected) > 0 || rows < target))
                rows = await FillAsync(group, rows, target).ConfigureAwait(false);
            if (group.Count > 0) Run(group, rows);
        }
        finally
        {
            Interlocked.Decrement(ref _leading);
        }
        // Requests that queued while this batch ran: the next batch is led from the pool.
        if (!_queue.IsEmpty && TryLead())
            ThreadPool.UnsafeQueueUserWorkItem(static b => _ = b.LeadAsync(), this, preferLocal: false);
    }

    /// <summary>Takes queued requests while they fit; a request larger than the batch size runs alone.</summary>
    private int Take(List<Pending> group, int rows)
    {
        // Leaders take turns at the queue, so "peek, then take the request peeked" holds.
        lock (_queue)
        {
            while (rows < _maxBatch && _queue.TryPeek(out var next))
            {
                if (group.Count > 0 && rows + next.Batch.Rows > _maxBatch) break;
                _queue.TryDequeue(out _);
                Interlocked.Add(ref _queuedRows, -next.Batch.Rows);
                group.Add(next);
                rows += next.Batch.Rows;
            }
        }
        return rows;
    }

    /// <summary>Rows of the previous model call when it ended less than the max delay ago (its clients are coming back), else 1;
    /// at most the open connections (a client alone after a burst is not held for clients that left).</summary>
    private int ReturningRows()
    {
        var end = Interlocked.Read(ref _lastEnd);
        if (end == 0 || _time.GetElapsedTime(end) > _maxDelay) return 1;
        return Math.Min(Math.Min(Volatile.Read(ref _lastRows), _maxBatch), Math.Max(1, _connections()));
    }

    /// <summary>
    /// Waits, up to the max delay from now, while the batch has room and more rows are on their way: requests still being
    /// read, or fewer rows than <paramref name="target"/> (the previous call's, whose clients are coming back).
    /// </summary>
    private async Task<int> FillAsync(List<Pending> group, int rows, int target)
    {
        var deadline = _time.GetTimestamp() + (long)(_maxDelay.TotalSeconds * _time.TimestampFrequency);
        while (rows < _maxBatch && (Volatile.Read(ref _expected) > 0 || rows < target))
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero) break;
            var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _wakeFull, _maxBatch - rows);
            Volatile.Write(ref _wakeTarget, Math.Max(0, target - rows));
            Volatile.Write(ref _arrival, arrival);
            var timedOut = false;
            if (!Ready())       // checked after publishing the waiter, so an arrival in between is not missed
            {
                try { await arrival.Task.WaitAsync(remaining, _time).ConfigureAwait(false); }
                catch (TimeoutException) { timedOut = true; }
                finally { Volatile.Write(ref _arrival, null); }
            }
            var before = rows;
            rows = Take(group, rows);
            if (timedOut || (rows == before && !_queue.IsEmpty)) break;       // out of time, or the next request does not fit
        }
        Volatile.Write(ref _arrival, null);
        Volatile.Write(ref _wakeFull, int.MaxValue);
        Volatile.Write(ref _wakeTarget, int.MaxValue);
        return rows;
    }

    private void Run(List<Pending> group, int rows)
    {
        var batch = FeatureBatchMerge.Concat(group.Select(p => p.Batch).ToArray());
        float[] scores;
        try
        {
            scores = _scorer.Score(batch);
            if (scores.Length != rows * _scorer.Width) throw new InvalidOperationException($"the model returned {scores.Length} scores for {rows} rows of {_scorer.Width}");
            _metrics.ObserveBatch(rows);
            _metrics.ObservePredictions(batch, ServedPrediction.PerRow(scores, _scorer.Width));
        }
        catch (Exception e)
        {
            Remember(rows);
            var failure = new ModelFailedException(rows, e);
            foreach (var p in group) Complete(p, null, failure);
            return;
        }
        Remember(rows);
        var offset = 0;
        foreach (var p in group)
        {
            var part = group.Count == 1 ? scores : scores.AsSpan(offset * _scorer.Width, p.Batch.Rows * _scorer.Width).ToArray();
            offset += p.Batch.Rows;
            Complete(p, part, null);
        }
    }

    private void Remember(int rows)
    {
        Volatile.Write(ref _lastRows, rows);
        Interlocked.Exchange(ref _lastEnd, _time.GetTimestamp());
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
        while (!_queue.IsEmpty || Volatile.Read(ref _leading) != 0)
        {
            if (!_queue.IsEmpty && TryLead()) await LeadAsync().ConfigureAwait(false);
            else await Task.Delay(1).ConfigureAwait(false);
        }
    }

    private sealed class Pending(FeatureBatch batch)
    {
        public FeatureBatch Batch { get; } = batch;
        public TaskCompletionSource<float[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
