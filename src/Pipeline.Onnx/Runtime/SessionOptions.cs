namespace Pipeline.Onnx.Runtime;

/// <summary>How a session runs: thread counts (0 = ORT's default), optimisation level, execution mode, spinning.</summary>
public sealed record SessionOptions
{
    public static SessionOptions Default { get; } = new();

    public int IntraOpThreads { get; init; }

    public int InterOpThreads { get; init; }

    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.All;

    public ExecutionMode ExecutionMode { get; init; } = ExecutionMode.Sequential;

    /// <summary>Let idle pool threads spin for work. Off by default: spinning burns the CPU other processes on a small machine need.</summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Extra ORT session config entries (see onnxruntime_session_options_config_keys.h).</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();
}
