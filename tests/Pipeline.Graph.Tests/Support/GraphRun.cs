using Pipeline.Build;

namespace Pipeline.Graph.Tests.Support;

/// <summary>One in-process run of the graph: exit code, manifest and what it printed.</summary>
public sealed record GraphRun(BuildResult Result, string Out, string Error)
{
    public int ExitCode => Result.ExitCode;

    public RunManifest Manifest => Result.Manifest ?? throw new InvalidOperationException($"No manifest; exit {ExitCode}.\n{Out}\n{Error}");

    public TargetRecord Target(string name) => Manifest.Targets.Single(t => t.Name == name);

    /// <summary>Output of a target in this run's manifest.</summary>
    public ArtifactRef Output(BlobOutput output) => Target(output.Target).Outputs[output.Name];

    public ArtifactRef Output<T>(JsonOutput<T> output) => Target(output.Target).Outputs[output.Name];

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
