namespace Pipeline.Ci.Generation;

/// <summary>Common shape of a CI definition generated from the build graph: triggers, invoked targets, caches and artifacts.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class CiDefinitionAttribute(string name) : Attribute
{
    /// <summary>Name of the pipeline (GitHub: the workflow name and file <c>.github/workflows/&lt;name&gt;.yml</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Branches whose pull requests run <see cref="PullRequestTargets"/>.</summary>
    public string[] OnPullRequestBranches { get; set; } = ["main"];

    /// <summary>Targets a pull request runs, in order, each as <c>./build.sh &lt;Target&gt;</c>.</summary>
    public string[] PullRequestTargets { get; set; } = [];

    /// <summary>Branches whose pushes (merges) run <see cref="PushTargets"/>.</summary>
    public string[] OnPushBranches { get; set; } = ["main"];

    /// <summary>Targets a push to <see cref="OnPushBranches"/> runs, in order.</summary>
    public string[] PushTargets { get; set; } = [];

    /// <summary>Folders uploaded as the job's artifact, relative to the repository root; missing ones are ignored.</summary>
    public string[] ArtifactPaths { get; set; } = [".artifacts/runs", ".artifacts/reports"];

    public int TimeoutMinutes { get; set; } = 120;

    /// <summary>Step outputs published after the last target: <c>name=Target/output</c> (an artifact digest) or <c>name=Target</c> (its outcome).</summary>
    public string[] StepOutputs { get; set; } = [];

    /// <summary>Repository-relative path of the generated file.</summary>
    public abstract string FilePath { get; }
}
