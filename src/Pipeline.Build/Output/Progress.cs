namespace Pipeline.Build;

/// <summary>Starts progress reporting: a live bar on a TTY, plain lines at every 10 % in CI or when redirected.</summary>
public static class Progress
{
    public static IProgressScope Start(string label, long total)
    {
        var console = Log.Current;
        // Spectre allows one live display at a time: a nested or concurrent scope reports as plain lines.
        if (console is { Interactive: true, LiveDisplayActive: false }) return new LiveProgressScope(console, label, total);
        return new PlainProgressScope(console, label, total, TimeProvider.System);
    }
}
