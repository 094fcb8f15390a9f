namespace Pipeline.Build.Tests.Support;

/// <summary>One parameter of every supported type, a secret, and a target that requires a parameter.</summary>
public sealed class ParameterBuild : RecordingBuild
{
    [Parameter("Model to run")] public readonly string Model = "fraud-detector";
    [Parameter("Re-run everything")] public readonly bool Force;
    [Parameter("Rows to generate")] public readonly int Rows = 100;
    [Parameter("Traffic share of the canary")] public readonly double CanaryWeight = 0.1;
    [Parameter("Deployment stage")] public readonly Stage Stage = Stage.Dev;
    [Parameter("Extra tags")] public readonly string[] Tags = [];
    [Parameter("Registry token"), Secret] public readonly string? RegistryToken;
    [Parameter("Release name")] public string? ReleaseName { get; init; }

    Target Show => _ => _
        .Description("Logs the bound values")
        .Executes(() =>
        {
            Ran(nameof(Show));
            Log.Information($"model={Model} rows={Rows} stage={Stage} tags={string.Join("|", Tags)} release={ReleaseName}");
        });

    Target Release => _ => _
        .Description("Needs a release name")
        .Requires(() => ReleaseName)
        .Executes(() => Ran(nameof(Release)));
}
