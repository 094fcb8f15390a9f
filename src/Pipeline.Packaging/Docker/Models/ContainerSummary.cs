namespace Pipeline.Packaging.Docker.Models;

/// <summary>One row of <c>GET /containers/json</c>.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string> Names { get; init; } = [];
    public string Image { get; init; } = "";
    public string State { get; init; } = "";
    public string Status { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>Answer of <c>POST /containers/{id}/wait</c>.</summary>
public sealed record ContainerWaitResult
{
    public long StatusCode { get; init; }
}

/// <summary>Answer of <c>GET /containers/{id}/top</c>: process table with its column titles.</summary>
public sealed record ContainerTop
{
    public IReadOnlyList<string> Titles { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<string>> Processes { get; init; } = [];

    /// <summary>Values of one column (e.g. <c>UID</c>) for every process.</summary>
    public IReadOnlyList<string> Column(string title)
    {
        var index = Titles.ToList().FindIndex(t => string.Equals(t, title, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? [] : Processes.Select(p => p.Count > index ? p[index] : "").ToList();
    }
}

/// <summary>One line of container output and the stream it came from.</summary>
public readonly record struct LogLine(LogStream Stream, string Text)
{
    public override string ToString() => Stream == LogStream.StdErr ? "[err] " + Text : Text;
}

/// <summary>Which output stream a log line came from.</summary>
public enum LogStream
{
    StdIn = 0,
    StdOut = 1,
    StdErr = 2,
}
