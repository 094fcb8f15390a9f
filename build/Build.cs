using Pipeline.Build;

/// <summary>
/// The release pipeline as a build graph; one partial per stage (build/Build.&lt;Stage&gt;.cs):
/// ValidateData → Train | Import → EvaluateGate → BenchmarkGate → PackageImage → DeployCanary → Promote | Rollback.
/// Run `./build.sh --help` for targets and parameters, `./build.sh --plan DeployCanary` for the plan.
/// </summary>
partial class Build : NukeBuild
{
    /// <summary>No arguments prints help; targets are named on the command line.</summary>
    public static int Main() => Execute<Build>();

    [Parameter("Model to run (folder under models/)")]
    readonly string Model = "fraud-detector";

    [Parameter("Re-run targets even when their inputs are unchanged")]
    readonly bool Force;

    /// <summary>models/&lt;model&gt;/.</summary>
    string ModelDirectory => Path.Combine(Layout.ModelsDirectory, Model);

    /// <summary>models/&lt;model&gt;/model.yaml.</summary>
    string ModelFile => Layout.ModelFile(Model);
}
