namespace Pipeline.Serving.Hosting;

/// <summary>Whether the server takes traffic: true once the model is loaded and warm, false from the start of shutdown.</summary>
public sealed class Readiness
{
    private volatile bool _ready;
    private volatile bool _everReady;
    private int _warmupInFlight;

    public bool IsReady => _ready;

    /// <summary>True until the server first reports ready: the window of its own warm-up requests.</summary>
    public bool IsWarmingUp => !_everReady;

    public void MarkReady()
    {
        _everReady = true;
        _ready = true;
    }

    public void MarkNotReady() => _ready = false;

    /// <summary>Warm-up requests the server has taken and not yet finished answering (metrics and log included).</summary>
    public int WarmupInFlight => Volatile.Read(ref _warmupInFlight);

    internal void WarmupStarted() => Interlocked.Increment(ref _warmupInFlight);

    internal void WarmupFinished() => Interlocked.Decrement(ref _warmupInFlight);
}
