namespace Pipeline.Build;

/// <summary>What a target reads: files (or folders), parameter values and upstream artifacts. Hashed into its fingerprint.</summary>
public sealed class TargetInputs
{
    internal List<string> FilePaths { get; } = [];
    internal List<KeyValuePair<string, string?>> ParameterValues { get; } = [];
    internal List<(Target? Target, string? TargetName, string Output)> UpstreamOutputs { get; } = [];

    /// <summary>Starts a set with these files or folders (a folder counts every file below it).</summary>
    public static TargetInputs Files(params string[] paths) => new TargetInputs().File(paths);

    /// <summary>An empty set: the target is cacheable and depends only on its dependencies' outputs.</summary>
    public static TargetInputs None => new();

    public TargetInputs File(params string[] paths)
    {
        FilePaths.AddRange(paths);
        return this;
    }

    public TargetInputs Parameter(string name, object? value)
    {
        ParameterValues.Add(new(name, value switch
        {
            null => null,
            string s => s,
            System.Collections.IEnumerable e => string.Join(",", e.Cast<object?>()),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        }));
        return this;
    }

    /// <summary>An output of another target in this run (or restored from the run it was up to date with).</summary>
    public TargetInputs Upstream(Target target, string output)
    {
        UpstreamOutputs.Add((target, null, output));
        return this;
    }

    public TargetInputs Upstream(string target, string output)
    {
        UpstreamOutputs.Add((null, target, output));
        return this;
    }
}
