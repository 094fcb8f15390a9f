using Pipeline.Ci.Environment;
using Pipeline.Ci.Tests.Support;

namespace Pipeline.Ci.Tests.Environment;

public sealed class GitHubContextTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void FromEnvironment_PullRequest_UsesHeadShaFromEventAndRunUrl()
    {
        var env = CiEnvironmentBuilder.GitHubPullRequest(_root, new Uri("https://ghe.example/api/v3"));

        var context = GitHubContext.FromEnvironment(env.Lookup());

        Assert.True(context.IsPullRequest);
        Assert.Equal(Fixtures.HeadSha, context.Sha);
        Assert.Equal(Fixtures.Repository, context.Repository);
        Assert.Equal(new Uri("https://ghe.example/api/v3"), context.ApiUrl);
        Assert.Equal("https://github.com/octo-org/pipeline/actions/runs/4242", context.RunUrl);
    }

    [Fact]
    public void FromEnvironment_Push_UsesGitHubSha()
    {
        var env = CiEnvironmentBuilder.GitHubPullRequest(_root, new Uri("https://api.github.com"));
        env["GITHUB_EVENT_NAME"] = "push";

        var context = GitHubContext.FromEnvironment(env.Lookup());

        Assert.False(context.IsPullRequest);
        Assert.Equal(Fixtures.MergeSha, context.Sha);
    }

    [Fact]
    public void FromEnvironment_Parameters_WinOverEnvironment()
    {
        var env = CiEnvironmentBuilder.GitHubPullRequest(_root, new Uri("https://api.github.com"));

        var context = GitHubContext.FromEnvironment(env.Lookup(), "other/repo", new string('a', 40), "http://127.0.0.1:9/");

        Assert.Equal("other/repo", context.Repository);
        Assert.Equal(new string('a', 40), context.Sha);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), context.ApiUrl);
    }

    [Fact]
    public void FromEnvironment_Nothing_DefaultsToPublicGitHubWithoutRepository()
    {
        var context = GitHubContext.FromEnvironment(_ => null);

        Assert.Equal(new Uri("https://api.github.com"), context.ApiUrl);
        Assert.Null(context.Repository);
        Assert.Null(context.Sha);
        Assert.False(context.IsPullRequest);
    }
}
