namespace Pipeline.Core.Models;

/// <summary>The contents of <c>models/&lt;model&gt;/model.yaml</c>: everything a user configures about one model.</summary>
public sealed record ModelConfig
{
    /// <summary>Model name; equals its folder name under <c>models/</c>.</summary>
    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>Intended use, shown on the model card.</summary>
    public string IntendedUse { get; init; } = "";

    /// <summary><c>binary</c> (default), <c>multiclass</c> or <c>regression</c>: what the model predicts.</summary>
    [YamlDotNet.Serialization.YamlMember(Alias = "task")]
    public string TaskName { get; init; } = ModelTasks.Binary;

    /// <summary>The parsed <see cref="TaskName"/> (binary when unknown; the loader rejects unknown names).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public ModelTask Task => ModelTasks.TryParse(TaskName, out var t) ? t : ModelTask.Binary;

    public DataSection Data { get; init; } = new();

    public SplitSection Split { get; init; } = new();

    public SourceSection Source { get; init; } = new();

    public FeatureMapping Features { get; init; } = new();

    public GoldenSet? Golden { get; init; }

    public EvaluationPolicy Evaluation { get; init; } = new();

    public BenchmarkPolicy Benchmark { get; init; } = new();

    public RolloutPolicy Rollout { get; init; } = new();

    public MonitoringPolicy Monitoring { get; init; } = new();

    /// <summary>Folder that held the model.yaml (absolute); relative paths in the file resolve against the repository root.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string Directory { get; init; } = "";
}
