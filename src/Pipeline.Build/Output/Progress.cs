namespace Pipeline.Build;

/// <summary>Starts progress reporting: a live bar on a TTY, plain lines at every 10 % in CI or when redirected.</summary>
public static class Progress
{
    public static IProgressScope Start(string label, long total)
    {
        var console = Log.Current;
        if (console is { Interactive: true }) return new LiveProgressScope(console, label, total);
        return new PlainProgressScope(console, label, total, TimeProvider.System);
    }
}
