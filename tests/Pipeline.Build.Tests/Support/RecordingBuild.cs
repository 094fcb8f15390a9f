namespace Pipeline.Build.Tests.Support;

/// <summary>Base of the test builds: records the order in which target actions ran.</summary>
public abstract class RecordingBuild : NukeBuild
{
    private readonly List<string> _executed = [];

    public IReadOnlyList<string> Executed
    {
        get { lock (_executed) return _executed.ToList(); }
    }

    protected void Ran(string name)
    {
        lock (_executed) _executed.Add(name);
    }
}
