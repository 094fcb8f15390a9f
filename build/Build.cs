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

    [Parameter("Print every check of each verdict (default: passing checks folded per column group; failures and warnings always in full)")]
    readonly bool Verbose;

    [Parameter("Why gates named by --skip may be left out of a release (PackageImage, DeployCanary); recorded in the image labels, the registry and the lineage",
        Name = "skip-reason")]
    readonly string? SkipReason;

    /// <summary>The gates a release may not leave out silently.</summary>
    static readonly string[] Gates = ["ValidateData", "EvaluateGate", "BenchmarkGate"];

    /// <summary>Gates of this run's plan left out with --skip (empty when every gate runs).</summary>
    IReadOnlyList<string> SkippedGates => Gates.Where(SkippedTargets.Contains).ToList();

    RunLock? _releaseLock;

    protected override void OnBuildInitialized()
    {
        if (!ModelName.IsValid(Model))
            throw new Pipeline.Core.Errors.UserInputException(
                $"--model {Model}: not a model name (lower-case letters, digits, '.', '_' and '-'; no path). Fix: name a folder under models/, e.g. --model fraud-detector.");
        var releases = InvokedTargets.Any(t => t is "PackageImage" or "DeployCanary");
        if (releases && SkippedGates.Count > 0 && string.IsNullOrWhiteSpace(SkipReason))
            throw new Pipeline.Core.Errors.UserInputException(
                $"--skip leaves {string.Join(" and ", SkippedGates)} out of a release of {Model}, and a gate is never bypassed silently. " +
                $"Fix: drop --skip to run the gates, or pass --skip-reason \"why\" to release without them on the record (image labels, registry event, lineage).");
        // One release of a model at a time on this machine: two would benchmark against each other before DeployCanary's registry lock.
        if (releases || InvokedTargets.Contains("BenchmarkGate"))
            _releaseLock = RunLock.Acquire(Path.Combine(Layout.ArtifactsDirectory, "locks"), Model,
                $"run {RunId}, pid {Environment.ProcessId}, {string.Join(" ", InvokedTargets)}", $"./build.sh {string.Join(" ", InvokedTargets)}");
    }

    [Parameter("Checkout whose src/ builds the model server and gateway (default: this repository); for a models-only repository beside a Pipeline checkout",
        Name = "source-directory")]
    readonly string? SourceOverride;

    /// <summary>Where src/ lives: --source-directory, else the repository root.</summary>
    string SourceDirectory => SourceOverride is { Length: > 0 } s ? Path.GetFullPath(s, RootDirectory) : RootDirectory;

    Pipeline.Packaging.Publishing.ServerPublisher.Published? _server;

    /// <summary>
    /// The model server of this run, published self-contained once (and cached by its sources' digest): the build BenchmarkGate
    /// measures, PackageImage packages and the process target starts.
    /// </summary>
    async Task<Pipeline.Packaging.Publishing.ServerPublisher.Published> ModelServerAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) return _server;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _server = await Pipeline.Packaging.Release.ImageRelease.PublishServerAsync(SourceDirectory, PackagingCacheDirectory, cancellationToken);
        Log.Information($"model server: {(_server.FromCache ? "published build reused" : "published")} ({_server.SourceHash[..12]}) in {watch.Elapsed.TotalSeconds:0.0} s; this run measures, packages and starts this build");
        return _server;
    }

    /// <summary>The executable of <see cref="ModelServerAsync"/>.</summary>
    async Task<string> ModelServerExecutableAsync(CancellationToken cancellationToken) =>
        Path.Combine((await ModelServerAsync(cancellationToken)).Directory, Pipeline.Packaging.Release.ImageRelease.ServerExecutable);

    /// <summary>Publish, layer and pulled-blob caches of PackageImage (kept between runs).</summary>
    string PackagingCacheDirectory => Path.Combine(Layout.ArtifactsDirectory, "cache", "packaging");

    protected override void OnBuildFinished() => _releaseLock?.Dispose();

    /// <summary>models/&lt;model&gt;/.</summary>
    string ModelDirectory => Path.Combine(Layout.ModelsDirectory, Model);

    /// <summary>models/&lt;model&gt;/model.yaml.</summary>
    string ModelFile => Layout.ModelFile(Model);

    ModelConfig? _config;

    /// <summary>models/&lt;model&gt;/model.yaml, read and validated once per run and handed to every stage.</summary>
    ModelConfig Config => _config ??= WithDataOverride(ModelConfigLoader.Load(Layout, Model));

    /// <summary>Outputs are handed on only between runs of the same model.</summary>
    protected override string? ArtifactScope => Model;

    protected override string ScopeArguments => $" --model {Model}";
}
