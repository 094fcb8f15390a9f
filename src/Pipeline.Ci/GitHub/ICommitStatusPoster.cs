namespace Pipeline.Ci.GitHub;

/// <summary>Writes a commit status for a commit of a repository (<c>owner/name</c>).</summary>
public interface ICommitStatusPoster
{
    Task PostAsync(string repository, string sha, CommitStatus status, CancellationToken cancellationToken = default);
}
