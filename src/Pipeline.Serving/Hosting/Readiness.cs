namespace Pipeline.Serving.Hosting;

/// <summary>Whether the server takes traffic: true once the model is loaded and warm, false from the start of shutdown.</summary>
public sealed class Readiness
{
    private volatile bool _ready;
    private volatile bool _everReady;

    public bool IsReady => _ready;

    /// <summary>True until the server first reports ready: the window of its own warm-up requests.</summary>
    public bool IsWarmingUp => !_everReady;

    public void MarkReady()
    {
        _everReady = true;
        _ready = true;
    }

    public void MarkNotReady() => _ready = false;
}
