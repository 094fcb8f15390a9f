namespace Pipeline.Serving.Hosting;

/// <summary>Request ids: the caller's <c>x-request-id</c> when it is sane, otherwise <c>&lt;prefix&gt;-&lt;counter&gt;</c>.</summary>
public sealed class RequestIds(string prefix)
{
    private long _next;

    public string Next(string? fromClient)
    {
        if (fromClient is { Length: > 0 and <= 128 } && fromClient.All(c => c is > ' ' and < (char)127)) return fromClient;
        return $"{prefix}-{Interlocked.Increment(ref _next):x6}";
    }

    /// <summary>A prefix distinct per process start: the start time in base 36 and the process id.</summary>
    public static RequestIds ForProcess(TimeProvider time)
    {
        var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var s = "";
        do { s = digits[(int)(ms % 36)] + s; ms /= 36; } while (ms > 0);
        return new RequestIds($"{s}{Environment.ProcessId:x}");
    }
}
