using Pipeline.Registry.Events;

namespace Pipeline.Registry.Tests.Contract;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task RegisterVersion_WithLabel_RoundTripsEveryField()
    {
        var registered = await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));
        var read = await Registry.GetVersionAsync(Model, "v1");

        Assert.NotNull(read);
        Assert.Equal(Model, read.Model);
        Assert.Equal("v1", read.Version);
        Assert.Equal(1, read.Number);
        Assert.Equal(Digest('a'), read.ModelDigest);
        Assert.Null(read.ImageDigest);
        Assert.Equal("""{"auc":0.91,"recall_at_1pct_fpr":{"value":0.62,"low":0.58,"high":0.66}}""", read.MetricsJson);
        Assert.Equal("sha256:" + new string('d', 64), read.Lineage.DataDigest);
        Assert.Equal("sha256:" + new string('p', 64) + "v1", read.Lineage.DataProfileDigest);
        Assert.Equal("0123abc", read.Lineage.Commit);
        Assert.Equal("run-v1", read.Lineage.RunId);
        Assert.Equal(["contract", "l2"], read.Lineage.Parameters.Keys);
        Assert.Equal("0.01", read.Lineage.Parameters["l2"]);
        Assert.Equal(Time.GetUtcNow(), read.CreatedAt);
        Assert.Equal("tester", read.CreatedBy);
        Assert.Equal(registered.CreatedAt, read.CreatedAt);
        Assert.StartsWith(ExpectedBackendPrefix, Registry.Backend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterVersion_WithoutLabel_AssignsNextFreeNumber()
    {
        var first = await Registry.RegisterVersionAsync(NewVersion(null, Digest('1')));
        await Registry.RegisterVersionAsync(NewVersion("v3", Digest('3')));
        var third = await Registry.RegisterVersionAsync(NewVersion(null, Digest('4')));

        Assert.Equal(("v1", 1L), (first.Version, first.Number));
        Assert.Equal(("v4", 3L), (third.Version, third.Number));
        Assert.Equal(["v1", "v3", "v4"], (await Registry.ListVersionsAsync(Model)).Select(v => v.Version));
    }

    [Fact]
    public async Task RegisterVersion_SameLabelSameDigest_ReturnsExistingWithoutNewEvent()
    {
        var first = await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));
        Time.Advance(TimeSpan.FromMinutes(5));
        var again = await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));

        Assert.Equal(first, again with { Lineage = first.Lineage });
        Assert.Single(await Registry.ListEventsAsync(Model, 10));
    }

    [Fact]
    public async Task RegisterVersion_SameLabelOtherDigest_ThrowsNamingBothDigests()
    {
        await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Registry.RegisterVersionAsync(NewVersion("v1", Digest('b'))));

        Assert.Contains(Digest('a'), error.Message, StringComparison.Ordinal);
        Assert.Contains(Digest('b'), error.Message, StringComparison.Ordinal);
        Assert.Equal(Digest('a'), (await Registry.GetVersionAsync(Model, "v1"))!.ModelDigest);
    }

    [Fact]
    public async Task RegisterVersion_RecordsRegisterEventWithEvidence()
    {
        await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));

        var recorded = Assert.Single(await Registry.ListEventsAsync(Model, 10));
        Assert.Equal(DeploymentActions.Register, recorded.Action);
        Assert.Null(recorded.FromVersion);
        Assert.Equal("v1", recorded.ToVersion);
        Assert.Equal("tester", recorded.Actor);
        Assert.Equal("run-v1", recorded.RunId);
        Assert.Contains(Digest('a'), recorded.EvidenceJson, StringComparison.Ordinal);
        Assert.Contains("\"auc\":0.91", recorded.EvidenceJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterVersion_InvalidMetricsJson_ThrowsBeforeWriting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')) with { MetricsJson = "{auc: 0.9" }));

        Assert.Contains("metrics JSON", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Registry.ListVersionsAsync(Model));
    }

    [Fact]
    public async Task SetImageDigest_KnownVersion_IsStored_UnknownVersion_Throws()
    {
        await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));

        await Registry.SetImageDigestAsync(Model, "v1", Digest('i'));
        var error = await Assert.ThrowsAsync<RegistryException>(() => Registry.SetImageDigestAsync(Model, "v9", Digest('i')));

        Assert.Equal(Digest('i'), (await Registry.GetVersionAsync(Model, "v1"))!.ImageDigest);
        Assert.Contains("v9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModels_ReturnsEachModelOnceInOrder()
    {
        await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a'), model: "zeta"));
        await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));
        await Registry.RegisterVersionAsync(NewVersion("v2", Digest('b')));

        Assert.Equal([Model, "zeta"], await Registry.ListModelsAsync());
        Assert.Null(await Registry.GetVersionAsync("zeta", "v2"));
    }
}
