using Pipeline.Core.Verdicts;

namespace Pipeline.Build;

/// <summary>Receives every gate verdict and the finished run (CI job summaries, PR status checks).</summary>
public interface IVerdictSink
{
    /// <summary>A target of the plan is about to run (before its up-to-date check); e.g. a gate's status check turns pending.</summary>
    void OnTargetStarted(string target)
    {
    }

    void OnVerdict(string target, Verdict verdict, ArtifactRef report);

    void OnRunFinished(RunManifest manifest);
}
