using Pipeline.Ci.GitHub;

namespace Pipeline.Ci.Tests.Support;

/// <summary>Records the statuses a sink posts, for tests about the sink's decisions rather than HTTP.</summary>
public sealed class RecordingPoster : ICommitStatusPoster
{
    public List<CommitStatus> Posted { get; } = [];

    public Task PostAsync(string repository, string sha, CommitStatus status, CancellationToken cancellationToken = default)
    {
        Posted.Add(status);
        return Task.CompletedTask;
    }
}
