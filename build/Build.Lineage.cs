using Pipeline.Build;

partial class Build
{
    [Parameter("Digest (or prefix, at least 4 hex characters) of an artifact, for Lineage")]
    readonly string? Artifact;

    Target Lineage => _ => _
        .Description("Show which run and target produced an artifact and from which inputs, recursively (--artifact <digest-prefix>)")
        .Requires(() => Artifact)
        .Executes(() => Log.Information(new LineageReport(Store, new ManifestStore(Store, Masker)).Describe(Artifact!)));
}
