namespace Pipeline.Ci.Environment;

/// <summary>Which CI system runs the build, from its environment variables.</summary>
public enum CiProvider
{
    None,
    GitHubActions,
    AzurePipelines,
}
