namespace Pipeline.Dependency.Lineage;

/// <summary>Where the packaged model came from: commit, data, contract, the registry run that registered it and the gates' verdicts on its digest.</summary>
public sealed record PackageLineage
{
    public string? Commit { get; init; }
    public string? DataDigest { get; init; }
    public string? RunId { get; init; }
    public IReadOnlyList<GateOutcome> Gates { get; init; } = [];

    /// <summary>One paragraph for the package description.</summary>
    public string Describe(string model, string version, string modelDigest, string contract) =>
        $"Model {model} {version} ({modelDigest}), data contract {contract}; built from commit {Commit ?? "unknown"}, " +
        $"trained on data {DataDigest ?? "unknown"}{(RunId is null ? "" : $", registered by run {RunId}")}. " +
        $"Gates: {(Gates.Count == 0 ? "none recorded" : string.Join("; ", Gates))}.";
}
