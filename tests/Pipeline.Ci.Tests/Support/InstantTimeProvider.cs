namespace Pipeline.Ci.Tests.Support;

/// <summary>
/// A clock that never sleeps: every timer fires at once and moves the clock forward by its due time, and the delays are
/// recorded, so retry tests assert the waits (backoff, Retry-After, rate-limit reset) without waiting for them.
/// Timers of <paramref name="timeout"/> (the client's per-attempt timeout) never fire.
/// </summary>
public sealed class InstantTimeProvider(DateTimeOffset start, TimeSpan timeout) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = start;

    public IReadOnlyList<TimeSpan> Delays { get { lock (_gate) return _delays.ToList(); } }

    public override DateTimeOffset GetUtcNow() { lock (_gate) return _now; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan || dueTime == timeout) return new Timer();
        lock (_gate)
        {
            _delays.Add(dueTime);
            _now += dueTime;
        }
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Timer();
    }

    private sealed class Timer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
