using Pipeline.Dependency.Generation;
using Pipeline.Dependency.Lineage;

namespace Pipeline.Dependency.Packing;

/// <summary>What to package: the predictor's sources, the files that travel with the model, its lineage and where the .nupkg goes.</summary>
public sealed record ModelPackageRequest
{
    public required PredictorSource Source { get; init; }

    /// <summary>Registration order of the version (the NuGet version when the label is not v&lt;n&gt; or a version).</summary>
    public required long VersionNumber { get; init; }

    public required string ModelConfigFile { get; init; }
    public required string ContractFile { get; init; }
    public required PackageLineage Lineage { get; init; }

    /// <summary>Folder the package is written to (a local NuGet feed: one flat folder of .nupkg files).</summary>
    public required string OutputDirectory { get; init; }

    public string Authors { get; init; } = "Pipeline";
}
