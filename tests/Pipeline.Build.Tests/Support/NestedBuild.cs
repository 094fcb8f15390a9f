namespace Pipeline.Build.Tests.Support;

/// <summary>A target that runs another target of the same graph in-process (as Monitor runs a retraining release).</summary>
public sealed class NestedBuild : RecordingBuild
{
    [Parameter("Model to run")] public readonly string Model = "default";
    [Parameter("Dataset")] public readonly string? Data;
    [Parameter("Verbose output")] public readonly bool Loud;

    /// <summary>What the nested run returned.</summary>
    public BuildResult? Nested { get; private set; }

    Target Release => _ => _
        .Executes(() =>
        {
            Ran(nameof(Release));
            Log.Information($"release model={Model} data={Data} loud={Loud}");
        });

    Target Watch => _ => _
        .Executes(async () =>
        {
            Ran(nameof(Watch));
            Nested = await RunNestedAsync<NestedBuild>(["Release"], new Dictionary<string, string?> { ["data"] = "new.csv", ["loud"] = null });
            Log.Information($"watch: nested exit {Nested.ExitCode}");
        });
}
