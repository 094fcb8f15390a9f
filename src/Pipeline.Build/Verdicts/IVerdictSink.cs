using Pipeline.Core.Verdicts;

namespace Pipeline.Build;

/// <summary>Receives every gate verdict and the finished run (CI job summaries, PR status checks).</summary>
public interface IVerdictSink
{
    void OnVerdict(string target, Verdict verdict, ArtifactRef report);

    void OnRunFinished(RunManifest manifest);
}
