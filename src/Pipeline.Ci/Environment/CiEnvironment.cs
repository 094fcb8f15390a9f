namespace Pipeline.Ci.Environment;

/// <summary>Detects the CI system: <c>GITHUB_ACTIONS=true</c> or <c>TF_BUILD=True</c>; anything else is a local run.</summary>
public static class CiEnvironment
{
    public static CiProvider Detect(Func<string, string?> environment) =>
        IsTrue(environment("GITHUB_ACTIONS")) ? CiProvider.GitHubActions
        : IsTrue(environment("TF_BUILD")) ? CiProvider.AzurePipelines
        : CiProvider.None;

    internal static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
