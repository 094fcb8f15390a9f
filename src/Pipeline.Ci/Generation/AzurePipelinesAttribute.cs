namespace Pipeline.Ci.Generation;

/// <summary>Generates <c>&lt;name&gt;.yml</c> at the repository root (default <c>azure-pipelines.yml</c>) from the build graph.</summary>
public sealed class AzurePipelinesAttribute(string name = "azure-pipelines") : CiDefinitionAttribute(name)
{
    public string VmImage { get; set; } = "ubuntu-latest";

    public override string FilePath => $"{Name}.yml";
}
