using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Parameters;

public sealed class SecretMaskingTests : IDisposable
{
    private const string ApiToken = "tok-7f3a9c2e51";
    private const string GitHubToken = "ghp_Zx81Qw0oLk";
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Run_SecretsFromEnvironmentAndCommandLine_NeverInStdoutStderrManifestOrStore()
    {
        var env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = GitHubToken };

        var run = BuildRun.Of<SecretBuild>(_root, env, "Throw", "--api-token", ApiToken);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["Leak"], run.Build<SecretBuild>().Executed);
        var everything = new List<(string Where, string Text)> { ("stdout", run.Out), ("stderr", run.Error) };
        everything.AddRange(Directory.GetFiles(Path.Combine(_root.Path, ".artifacts"), "*", SearchOption.AllDirectories)
            .Select(f => (f, File.ReadAllText(f))));
        foreach (var (where, text) in everything)
        {
            Assert.False(text.Contains(ApiToken, StringComparison.Ordinal), $"{where} contains the API token:\n{text}");
            Assert.False(text.Contains(GitHubToken, StringComparison.Ordinal), $"{where} contains the GitHub token:\n{text}");
        }
        Assert.Contains("token is ***, github is ***", run.Out);
        Assert.Contains("request with *** rejected", run.Error);
        Assert.Equal("***", run.Manifest.Parameters["api-token"]);
        Assert.Equal("***", run.Manifest.Parameters["git-hub-token"]);
        Assert.Equal("used ***", run.Target("Leak").Note);
        Assert.Equal("request with *** rejected", run.Target("Throw").Note);
    }

    [Theory]
    [InlineData("Host=db;Database=registry;Username=ml;Password=s3cr3t-Pw;Port=5432", "s3cr3t-Pw")]
    [InlineData("Host=db;PWD = \"quoted;pw\"", "quoted;pw")]
    [InlineData("postgres://ml:url-s3cret@db:5432/registry", "url-s3cret")]
    public void Run_PasswordInConnectionStringParameter_NeverInOutputManifestOrStore(string connection, string password)
    {
        var run = BuildRun.Of<SecretBuild>(_root, "Connect", "--registry", connection);

        Assert.Equal(0, run.ExitCode);
        var everything = new List<(string Where, string Text)> { ("stdout", run.Out), ("stderr", run.Error) };
        everything.AddRange(Directory.GetFiles(Path.Combine(_root.Path, ".artifacts"), "*", SearchOption.AllDirectories)
            .Select(f => (f, File.ReadAllText(f))));
        foreach (var (where, text) in everything)
            Assert.False(text.Contains(password, StringComparison.Ordinal), $"{where} contains the password:\n{text}");
        Assert.Contains("***", run.Manifest.Parameters["registry"]);
        Assert.Contains("connecting to ", run.Out);
    }

    [Fact]
    public void Help_SecretValue_Masked()
    {
        var run = BuildRun.Of<SecretBuild>(_root, new Dictionary<string, string> { ["PIPELINE_API_TOKEN"] = ApiToken }, "--help");

        Assert.DoesNotContain(ApiToken, run.Out);
        Assert.Matches(@"--api-token\s+string\s+\(none\)\s+\*\*\* from PIPELINE_API_TOKEN", run.Out);
    }

    [Fact]
    public void BadValue_OfSecret_ErrorDoesNotEchoIt()
    {
        var masker = new SecretMasker();
        masker.Add("abc123");

        Assert.Equal("x *** y *** z", masker.Apply("x abc123 y abc123 z"));
    }
}
