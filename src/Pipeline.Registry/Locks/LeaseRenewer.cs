namespace Pipeline.Registry.Locks;

/// <summary>
/// Keeps a deployment lease alive while a long deployment runs: renews it every third of its duration and releases
/// the lock when disposed. <see cref="Lost"/> turns true when a renewal finds the lock broken by someone else.
/// </summary>
public sealed class LeaseRenewer : IAsyncDisposable
{
    private readonly IModelRegistry _registry;
    private readonly TimeSpan _duration;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private readonly ITimer _timer;
    private volatile bool _lost;

    private LeaseRenewer(IModelRegistry registry, DeploymentLease lease, TimeSpan duration, TimeProvider time)
    {
        _registry = registry;
        Lease = lease;
        _duration = duration;
        var period = duration / 3;
        _timer = time.CreateTimer(_ => _ = RenewAsync(), null, period, period);
    }

    public DeploymentLease Lease { get; }

    /// <summary>True once the lock was found held by someone else (broken); the deployment should stop writing.</summary>
    public bool Lost => _lost;

    /// <summary>The last renewal error (e.g. database unreachable), kept for the caller's report; renewals keep trying.</summary>
    public Exception? LastError { get; private set; }

    public static LeaseRenewer Start(IModelRegistry registry, DeploymentLease lease, TimeSpan duration, TimeProvider? time = null)
    {
        if (duration <= TimeSpan.Zero)
            throw new ArgumentException($"Lease duration for model {lease.Model} must be positive; got {duration}.", nameof(duration));
        return new LeaseRenewer(registry, lease, duration, time ?? TimeProvider.System);
    }

    private async Task RenewAsync()
    {
        // A slow renewal must not pile up behind the timer.
        if (_lost || !await _renewing.WaitAsync(0))
            return;
        try
        {
            if (!await _registry.RenewLockAsync(Lease, _duration))
            {
                _lost = true;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LastError = e;
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>Stops renewing and releases the lock if this lease still holds it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await _renewing.WaitAsync();
        try
        {
            if (!_lost)
                await _registry.ReleaseLockAsync(Lease);
        }
        finally
        {
            _renewing.Release();
            _renewing.Dispose();
        }
    }
}
