namespace Pipeline.Ci.Generation;

/// <summary>Generates <c>.github/workflows/&lt;name&gt;.yml</c> from the build graph (<c>./build.sh GenerateCi</c>).</summary>
public sealed class GitHubActionsAttribute(string name) : CiDefinitionAttribute(name)
{
    public string RunsOn { get; set; } = "ubuntu-latest";

    /// <summary>Secrets passed to the target steps as environment variables of the same name, e.g. <c>GITHUB_TOKEN</c>.</summary>
    public string[] ImportSecrets { get; set; } = ["GITHUB_TOKEN"];

    /// <summary>Permissions of the workflow's token; <c>statuses: write</c> lets the gates post commit statuses.</summary>
    public string[] Permissions { get; set; } = ["contents: read", "statuses: write"];

    public override string FilePath => $".github/workflows/{Name}.yml";
}
