using Pipeline.Build;
using Pipeline.Ci.GitHub;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Status;

/// <summary>
/// Mirrors the gates on the commit as GitHub statuses <c>pipeline/&lt;gate&gt;</c>: pending when a gate starts, success or
/// failure with its deciding numbers when it reports, and a final state for gates that ended without a verdict.
/// A refused token stops further posts; posting problems are warnings, never a failed build.
/// </summary>
public sealed class CommitStatusSink(
    ICommitStatusPoster poster,
    string repository,
    string sha,
    string? targetUrl,
    IReadOnlyCollection<string> gates,
    Action<string> warn,
    string contextPrefix = "pipeline/") : IVerdictSink
{
    private readonly HashSet<string> _gates = new(gates, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _final = new(StringComparer.OrdinalIgnoreCase);
    private bool _disabled;

    public void OnTargetStarted(string target)
    {
        if (!_gates.Contains(target)) return;
        if (Post(target, CommitState.Pending, $"{target} running")) _pending.Add(target);
    }

    public void OnVerdict(string target, Verdict verdict, ArtifactRef report)
    {
        if (Post(target, verdict.Passed ? CommitState.Success : CommitState.Failure, StatusDescription.Of(verdict))) _final.Add(target);
    }

    public void OnRunFinished(RunManifest manifest)
    {
        foreach (var record in manifest.Targets)
        {
            if (_final.Contains(record.Name) || !_pending.Contains(record.Name)) continue;
            var state = record.Status switch
            {
                TargetStatus.Succeeded or TargetStatus.UpToDate or TargetStatus.Skipped => CommitState.Success,
                TargetStatus.Failed => CommitState.Failure,
                _ => CommitState.Error,
            };
            if (Post(record.Name, state, StatusDescription.Of(record))) _final.Add(record.Name);
        }
    }

    private bool Post(string target, CommitState state, string description)
    {
        if (_disabled) return false;
        var status = new CommitStatus { State = state, Context = contextPrefix + target, Description = description, TargetUrl = targetUrl };
        try
        {
            poster.PostAsync(repository, sha, status).GetAwaiter().GetResult();
            return true;
        }
        catch (ArgumentException e)
        {
            // A malformed repository or sha parameter fails every post the same way.
            _disabled = true;
            warn($"Commit statuses are not posted: {e.Message}");
            return false;
        }
        catch (GitHubApiException e)
        {
            if (e.IsPermanent)
            {
                _disabled = true;
                warn($"{e.Message} No further commit statuses are posted in this run.");
            }
            else
            {
                warn(e.Message);
            }
            return false;
        }
    }
}
