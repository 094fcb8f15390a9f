namespace Pipeline.Serving.Hosting;

/// <summary>Whether the server takes traffic: true once the model is loaded and warm, false from the start of shutdown.</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkNotReady() => _ready = false;
}
