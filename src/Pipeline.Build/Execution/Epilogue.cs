namespace Pipeline.Build;

/// <summary>Lines a target wants printed as the very last output of the run, after the summary table.</summary>
internal sealed class Epilogue
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate) _lines.Add(line);
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return _lines.ToList(); }
    }
}
