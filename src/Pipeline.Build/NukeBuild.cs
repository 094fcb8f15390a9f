using System.Linq.Expressions;
using Pipeline.Core.Layout;

namespace Pipeline.Build;

/// <summary>Base class of the build graph (<c>partial class Build : NukeBuild</c>); targets are its <see cref="Target"/> properties.</summary>
public abstract class NukeBuild
{
    private BuildSession? _session;

    /// <summary>The repository root (the folder holding <c>.nuke/</c>).</summary>
    public string RootDirectory => Session.RootDirectory;

    public RepositoryLayout Layout => new(RootDirectory);

    /// <summary><c>.nuke/temp/</c>: scratch space that is never committed.</summary>
    public string TemporaryDirectory => Path.Combine(RootDirectory, ".nuke", "temp");

    public ArtifactStore Store => Session.Store;

    /// <summary>True when <c>CI=true</c>: plain output, no prompts.</summary>
    public bool IsServerBuild => Session.IsServerBuild;

    /// <summary>Targets named on the command line.</summary>
    public IReadOnlyList<string> InvokedTargets => Session.InvokedTargets;

    /// <summary>Id of the current run (its manifest is <c>.artifacts/runs/&lt;id&gt;.json</c>).</summary>
    public string RunId => Session.RunId;

    /// <summary>Receivers of verdicts and of the finished run. Members of type <see cref="IVerdictSink"/> are added automatically.</summary>
    public List<IVerdictSink> VerdictSinks { get; } = [];

    /// <summary>Masks secret values; use it before writing any text that may contain parameter values.</summary>
    public SecretMasker Masker => Session.Masker;

    internal BuildSession Session
    {
        get => _session ?? throw new InvalidOperationException("The build is not running: RootDirectory, Store and the run id exist only inside Execute.");
        set => _session = value;
    }

    /// <summary>
    /// Which earlier runs may hand outputs to this one (e.g. the model a run is for): an upstream output or an up-to-date
    /// result is taken only from a run of the same scope. Read once, after parameters are bound.
    /// </summary>
    protected internal virtual string? ArtifactScope => null;

    /// <summary>Command-line arguments that select this run's scope, for messages (e.g. <c> --model fraud-detector</c>).</summary>
    protected internal virtual string ScopeArguments => "";

    /// <summary>Targets of this run's plan that <c>--skip</c> left out.</summary>
    public IReadOnlySet<string> SkippedTargets => Session.SkippedTargets;

    /// <summary>Called once after the last target, whatever the outcome (release what <see cref="OnBuildInitialized"/> took).</summary>
    protected internal virtual void OnBuildFinished()
    {
    }

    /// <summary>Called after parameters are bound and before any target runs.</summary>
    protected internal virtual void OnBuildInitialized()
    {
    }

    /// <summary>
    /// Runs another plan of this graph in-process, as <c>./build.sh targets…</c> would with this run's command-line parameters
    /// (overridden by <paramref name="overrides"/>; a null value drops one), environment and console. E.g. Monitor's retraining release.
    /// </summary>
    protected Task<BuildResult> RunNestedAsync<T>(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?> overrides) where T : NukeBuild, new()
    {
        var invocation = Session.Invocation ?? throw new InvalidOperationException("A nested run needs the invocation of the running build.");
        var replaced = overrides.Keys.Select(ParameterNames.Normalize).ToHashSet(StringComparer.Ordinal);
        var arguments = new List<string>(targets);
        foreach (var (name, values) in Session.CommandLineParameters)
        {
            if (replaced.Contains(name)) continue;
            arguments.Add("--" + name);
            arguments.AddRange(values);
        }
        foreach (var (name, value) in overrides)
        {
            if (value is null) continue;
            arguments.Add("--" + name);
            arguments.Add(value);
        }
        // A nested run sets and restores the console of its own flow; Task.Run keeps this run's flow untouched.
        var nested = invocation with
        {
            Arguments = arguments,
            RootDirectory = RootDirectory,
            WriteSchema = false,
            DefaultTarget = null,
            CancellationToken = Session.CancellationToken,
        };
        return Task.Run(() => BuildHost.Run<T>(nested));
    }

    /// <summary>Runs the build with the process's command line, environment and console; returns the exit code.</summary>
    public static int Execute<T>() where T : NukeBuild, new() => BuildHost.RunProcess<T>(null);

    /// <summary>Same as <see cref="Execute{T}()"/>; the default target is shown in help (no arguments prints help).</summary>
    public static int Execute<T>(Expression<Func<T, Target>> defaultTarget) where T : NukeBuild, new() =>
        BuildHost.RunProcess<T>(defaultTarget.Body is MemberExpression m ? m.Member.Name : null);
}
