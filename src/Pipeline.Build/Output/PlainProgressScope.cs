namespace Pipeline.Build;

/// <summary>Progress as plain lines: at every 10 % step, at most every 2 s otherwise, and at the end.</summary>
internal sealed class PlainProgressScope(BuildConsole? console, string label, long total, TimeProvider time) : IProgressScope
{
    private readonly Lock _gate = new();
    private readonly long _start = time.GetTimestamp();
    private long _done;
    private int _lastDecile = -1;
    private long _lastLine = time.GetTimestamp();
    private bool _disposed;

    public void Increment(long n = 1)
    {
        lock (_gate)
        {
            _done += n;
            var decile = total > 0 ? (int)Math.Min(10, _done * 10 / total) : 0;
            if (decile != _lastDecile || time.GetElapsedTime(_lastLine).TotalSeconds >= 2)
            {
                _lastDecile = decile;
                Emit();
            }
        }
    }

    public void Describe(string text)
    {
        lock (_gate) label = text;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Emit(done: true);
        }
    }

    private void Emit(bool done = false)
    {
        _lastLine = time.GetTimestamp();
        var percent = total > 0 ? $" ({Math.Min(100, _done * 100 / total)} %)" : "";
        var suffix = done ? $" done in {time.GetElapsedTime(_start).TotalSeconds:0.0} s" : "";
        var line = $"{label}: {_done}/{total}{percent}{suffix}";
        if (console is null) Console.Out.WriteLine(line);
        else console.Line(line);
    }
}
