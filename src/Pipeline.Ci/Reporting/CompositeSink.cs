using Pipeline.Build;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Reporting;

/// <summary>Forwards to several sinks; one sink's failure is a warning and does not keep the others from reporting.</summary>
internal sealed class CompositeSink(IReadOnlyList<IVerdictSink> sinks, Action<string> warn) : IVerdictSink
{
    public IReadOnlyList<IVerdictSink> Sinks { get; } = sinks;

    public void OnTargetStarted(string target) => Each(s => s.OnTargetStarted(target), $"at the start of {target}");

    public void OnVerdict(string target, Verdict verdict, ArtifactRef report) => Each(s => s.OnVerdict(target, verdict, report), $"reporting {target}");

    public void OnRunFinished(RunManifest manifest) => Each(s => s.OnRunFinished(manifest), "at the end of the run");

    private void Each(Action<IVerdictSink> action, string when)
    {
        foreach (var sink in Sinks)
        {
            try
            {
                action(sink);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or HttpRequestException)
            {
                warn($"CI reporting ({sink.GetType().Name}) failed {when}: {e.Message}");
            }
        }
    }
}
