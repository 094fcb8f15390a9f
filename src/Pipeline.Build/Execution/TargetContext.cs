using System.Text.Json;
using Pipeline.Core.Verdicts;

namespace Pipeline.Build;

/// <summary>What a running target can use: the store, upstream outputs, its own outputs, notes and verdicts.</summary>
public sealed class TargetContext
{
    private readonly BuildSession _session;
    private readonly Dictionary<string, ArtifactRef> _outputs;
    private readonly List<string> _notes = [];

    internal TargetContext(BuildSession session, NukeBuild build, string name, IReadOnlyList<IVerdictSink> sinks)
    {
        _session = session;
        Build = build;
        Name = name;
        Sinks = sinks;
        _outputs = new Dictionary<string, ArtifactRef>(StringComparer.Ordinal);
        session.Outputs[name] = _outputs;
    }

    /// <summary>Target name, e.g. <c>Train</c>.</summary>
    public string Name { get; }

    public NukeBuild Build { get; }

    public ArtifactStore Store => _session.Store;

    public string RunId => _session.RunId;

    public string RootDirectory => _session.RootDirectory;

    public CancellationToken CancellationToken => _session.CancellationToken;

    /// <summary><c>.nuke/temp/&lt;target&gt;/</c>, created on first use.</summary>
    public string TemporaryDirectory
    {
        get
        {
            var dir = Path.Combine(_session.RootDirectory, ".nuke", "temp", Name);
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public IReadOnlyDictionary<string, ArtifactRef> Outputs => _outputs;

    internal IReadOnlyList<string> Notes => _notes;

    internal IReadOnlyList<IVerdictSink> Sinks { get; }

    /// <summary>An output of another target from this run, else from the newest earlier run that recorded it.</summary>
    public ArtifactRef Upstream(string target, string output)
    {
        if (TryUpstream(target, output, out var artifact)) return artifact;
        var known = _session.Outputs.TryGetValue(target, out var o) && o.Count > 0
            ? $" It produced: {string.Join(", ", o.Keys)}."
            : "";
        throw new InvalidOperationException(
            $"Target {Name} needs output \"{output}\" of {target}, but {target} did not produce it in this run and no earlier run recorded it.{known} Run ./build.sh {target} first.");
    }

    public bool TryUpstream(string target, string output, out ArtifactRef artifact)
    {
        if (_session.Outputs.TryGetValue(target, out var outputs) && outputs.TryGetValue(output, out artifact)) return true;
        foreach (var run in _session.Manifests.ReadAll())
        {
            var record = run.Targets.FirstOrDefault(t => string.Equals(t.Name, target, StringComparison.OrdinalIgnoreCase) &&
                                                         t.Status is TargetStatus.Succeeded or TargetStatus.UpToDate);
            if (record is not null && record.Outputs.TryGetValue(output, out artifact) && Store.Exists(artifact))
            {
                Log.Information($"{Name}: using {target}/{output} {artifact.Short} from run {run.RunId}");
                return true;
            }
        }
        artifact = default;
        return false;
    }

    /// <summary>Records an output of this target in the run manifest and makes it available downstream.</summary>
    public void Output(string name, ArtifactRef artifact)
    {
        if (!Store.Exists(artifact))
            throw new InvalidOperationException($"{Name}: output \"{name}\" {artifact.Digest} is not in the store; write it with ctx.Store.Put* first.");
        _outputs[name] = artifact;
    }

    /// <summary>A short note for the summary table, e.g. <c>AUC 0.91</c>.</summary>
    public void Note(string note) => _notes.Add(note);

    /// <summary>A line printed as the very last output of the run, after the summary table (e.g. the test totals).</summary>
    public void PrintAtEnd(string line) => _session.Epilogue.Add(line);

    /// <summary>Renders the verdict, stores it as output <c>&lt;target&gt;-verdict</c>, notifies the sinks, and throws when it did not pass
    /// (the run then exits with <paramref name="exitCode"/>).</summary>
    public void Report(Verdict verdict, int exitCode = 1)
    {
        _session.Console.Render(VerdictTable.Build(verdict));
        var json = _session.Masker.Apply(JsonSerializer.Serialize(verdict, StoreJson.Options));
        var report = Store.PutText(json, "application/vnd.pipeline.verdict+json");
        Output($"{Name}-verdict", report);
        foreach (var sink in Sinks)
        {
            try
            {
                sink.OnVerdict(Name, verdict, report);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Warning($"{Name}: verdict sink {sink.GetType().Name} failed: {e.Message}");
            }
        }
        if (!verdict.Passed) throw new GateFailedException(verdict) { ExitCode = exitCode };
    }
}
