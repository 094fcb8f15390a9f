using Pipeline.Build;
using Pipeline.Core.Models;

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

    [Parameter("Why gates named by --skip may be left out of a release (PackageImage, DeployCanary); recorded in the image labels, the registry and the lineage",
        Name = "skip-reason")]
    readonly string? SkipReason;

    /// <summary>The gates a release may not leave out silently.</summary>
    static readonly string[] Gates = ["ValidateData", "EvaluateGate", "BenchmarkGate"];

    /// <summary>Gates of this run's plan left out with --skip (empty when every gate runs).</summary>
    IReadOnlyList<string> SkippedGates => Gates.Where(SkippedTargets.Contains).ToList();

    protected override void OnBuildInitialized()
    {
        var releases = InvokedTargets.Any(t => t is "PackageImage" or "DeployCanary");
        if (releases && SkippedGates.Count > 0 && string.IsNullOrWhiteSpace(SkipReason))
            throw new Pipeline.Core.Errors.UserInputException(
                $"--skip leaves {string.Join(" and ", SkippedGates)} out of a release of {Model}, and a gate is never bypassed silently. " +
                $"Fix: drop --skip to run the gates, or pass --skip-reason \"why\" to release without them on the record (image labels, registry event, lineage).");
    }

    /// <summary>models/&lt;model&gt;/.</summary>
    string ModelDirectory => Path.Combine(Layout.ModelsDirectory, Model);

    /// <summary>models/&lt;model&gt;/model.yaml.</summary>
    string ModelFile => Layout.ModelFile(Model);

    ModelConfig? _config;

    /// <summary>models/&lt;model&gt;/model.yaml, read and validated once per run and handed to every stage.</summary>
    ModelConfig Config => _config ??= ModelConfigLoader.Load(Layout, Model);

    /// <summary>Outputs are handed on only between runs of the same model.</summary>
    protected override string? ArtifactScope => Model;

    protected override string ScopeArguments => $" --model {Model}";
}
