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

    /// <summary>An output of another target from this run, else from the newest earlier run of the same scope that recorded it.</summary>
    public ArtifactRef Upstream(string target, string output)
    {
        if (TryUpstream(target, output, out var artifact)) return artifact;
        var known = _session.Outputs.TryGetValue(target, out var o) && o.Count > 0
            ? $" It produced: {string.Join(", ", o.Keys)}."
            : "";
        var scope = _session.Scope is null ? "" : $" for {_session.Scope}";
        throw new MissingUpstreamException(
            $"Target {Name} needs output \"{output}\" of {target}{scope}, but {target} did not produce it in this run and no earlier run{scope} recorded it.{known} " +
            $"Run ./build.sh {target}{Build.ScopeArguments} first.");
    }

    /// <summary>
    /// An output of <paramref name="target"/> from this run, else from the newest earlier successful run of the same scope
    /// (never another model's run); false when there is none.
    /// </summary>
    public bool TryUpstream(string target, string output, out ArtifactRef artifact)
    {
        if (_session.Outputs.TryGetValue(target, out var outputs) && outputs.TryGetValue(output, out artifact)) return true;
        foreach (var run in _session.Manifests.ReadAll())
        {
            if (run.RunId == _session.RunId || !_session.SameScope(run)) continue;
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

    /// <summary>
    /// Outputs of <paramref name="output"/> recorded by successful earlier runs of this scope, newest first (e.g. the last model a
    /// gate accepted for this model); never another scope's.
    /// </summary>
    public IEnumerable<(string RunId, ArtifactRef Artifact)> EarlierOutputs(BlobOutput output)
    {
        foreach (var run in _session.Manifests.ReadAll())
        {
            if (run.RunId == _session.RunId || !_session.SameScope(run)) continue;
            var record = run.Targets.FirstOrDefault(t => string.Equals(t.Name, output.Target, StringComparison.OrdinalIgnoreCase) &&
                                                         t.Status is TargetStatus.Succeeded or TargetStatus.UpToDate);
            if (record is not null && record.Outputs.TryGetValue(output.Name, out var artifact) && Store.Exists(artifact))
                yield return (run.RunId, artifact);
        }
    }

    /// <summary>A declared blob output of another target (this run, else an earlier run of the same scope); throws naming the command that makes it.</summary>
    public ArtifactRef Upstream(BlobOutput output) => Upstream(output.Target, output.Name);

    public bool TryUpstream(BlobOutput output, out ArtifactRef artifact) => TryUpstream(output.Target, output.Name, out artifact);

    /// <summary>A declared JSON output of another target, read back as its type.</summary>
    public T Read<T>(JsonOutput<T> output) => Store.ReadJson<T>(Upstream(output.Target, output.Name));

    /// <summary>A declared JSON output of another target, or null when no run of this scope produced it.</summary>
    public T? TryRead<T>(JsonOutput<T> output) where T : class =>
        TryUpstream(output.Target, output.Name, out var artifact) ? Store.ReadJson<T>(artifact) : null;

    /// <summary>Writes a declared JSON output of this target.</summary>
    public ArtifactRef Write<T>(JsonOutput<T> output, T value)
    {
        EnsureProducer(output.Target, output.Name);
        var artifact = Store.PutJson(value, output.MediaType);
        Output(output.Name, artifact);
        return artifact;
    }

    /// <summary>Records a stored blob as a declared output of this target.</summary>
    public ArtifactRef Write(BlobOutput output, ArtifactRef stored)
    {
        EnsureProducer(output.Target, output.Name);
        Output(output.Name, stored);
        return stored;
    }

    private void EnsureProducer(string target, string output)
    {
        if (!string.Equals(target, Name, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{Name} cannot write output \"{output}\": it is declared as an output of {target}.");
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
        _session.Console.Render(VerdictTable.Build(verdict, _session.Verbose));
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
