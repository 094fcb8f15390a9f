using Pipeline.Core.Verdicts;

namespace Pipeline.Build.Tests.Support;

/// <summary>Collects what the engine sends to verdict sinks.</summary>
public sealed class RecordingSink : IVerdictSink
{
    public List<(string Target, Verdict Verdict, ArtifactRef Report)> Verdicts { get; } = [];
    public List<RunManifest> Runs { get; } = [];

    public void OnVerdict(string target, Verdict verdict, ArtifactRef report) => Verdicts.Add((target, verdict, report));

    public void OnRunFinished(RunManifest manifest) => Runs.Add(manifest);
}
