namespace Pipeline.Ci.Tests.Support;

/// <summary>Environment variables of a GitHub Actions or Azure Pipelines job, pointing every file and URL into the test's folder and fake.</summary>
public static class CiEnvironmentBuilder
{
    public static Dictionary<string, string> GitHubPullRequest(TempFolder root, Uri apiUrl)
    {
        var eventFile = root.File("event.json");
        File.WriteAllText(eventFile, """{"action":"synchronize","number":12,"pull_request":{"number":12,"head":{"sha":"SHA","ref":"feature"},"base":{"ref":"main"}}}""".Replace("SHA", Fixtures.HeadSha, StringComparison.Ordinal));
        return new Dictionary<string, string>
        {
            ["CI"] = "true",
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = eventFile,
            ["GITHUB_SHA"] = Fixtures.MergeSha,
            ["GITHUB_REPOSITORY"] = Fixtures.Repository,
            ["GITHUB_API_URL"] = apiUrl.AbsoluteUri.TrimEnd('/'),
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_STEP_SUMMARY"] = root.File("step-summary.md"),
            ["GITHUB_OUTPUT"] = root.File("github-output.txt"),
            ["GITHUB_TOKEN"] = Fixtures.Token,
        };
    }

    public static Dictionary<string, string> AzurePipelines() => new()
    {
        ["CI"] = "true",
        ["TF_BUILD"] = "True",
        ["BUILD_BUILDID"] = "77",
        ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/octo-org/",
        ["SYSTEM_TEAMPROJECT"] = "pipeline",
    };

    public static Func<string, string?> Lookup(this Dictionary<string, string> environment) => name => environment.GetValueOrDefault(name);
}
