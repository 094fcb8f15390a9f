using Pipeline.Registry.Events;

namespace Pipeline.Registry.Tests.Contract;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task ListEvents_ReturnsLastNNewestFirstWithInjectedTimes()
    {
        await TwoVersionsAsync();
        for (var step = 1; step <= 5; step++)
        {
            Time.Advance(TimeSpan.FromSeconds(30));
            await Registry.ApplyAsync(new DeploymentChange
            {
                Model = Model, Action = DeploymentActions.CanaryStep, Actor = "judge", Reason = $"step {step}",
                FromVersion = "v1", ToVersion = "v2", EvidenceJson = $$"""{"weight":{{step * 10}}}""",
            });
        }

        var last3 = await Registry.ListEventsAsync(Model, 3);

        Assert.Equal(["step 5", "step 4", "step 3"], last3.Select(e => e.Reason));
        Assert.Equal(Time.GetUtcNow(), last3[0].At);
        Assert.Equal(Time.GetUtcNow() - TimeSpan.FromSeconds(60), last3[2].At);
        Assert.True(last3[0].Id > last3[1].Id && last3[1].Id > last3[2].Id);
        Assert.Equal("""{"weight":50}""", last3[0].EvidenceJson);
        Assert.Equal(7, (await Registry.ListEventsAsync(Model, 100)).Count);
    }

    [Fact]
    public async Task Apply_EventOnly_KeepsAliasesAndRecordsEvent()
    {
        await TwoVersionsAsync();

        var recorded = await Registry.ApplyAsync(new DeploymentChange
        {
            Model = Model, Action = DeploymentActions.CanaryStart, Actor = "ci", Reason = "start canary v2 at 5 %",
            ToVersion = "v2",
        });

        Assert.Equal("{}", recorded.EvidenceJson);
        Assert.Empty(await Registry.ListAliasesAsync(Model));
        Assert.Equal(recorded, (await Registry.ListEventsAsync(Model, 1))[0]);
    }

    [Fact]
    public async Task Apply_InvalidAction_ThrowsNamingTheRule()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Registry.ApplyAsync(new DeploymentChange
        {
            Model = Model, Action = "Promote Now", Actor = "ci", Reason = "x",
        }));

        Assert.Contains("kebab-case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slots_UpsertListRemove_AndApplyReplacesTogether()
    {
        await TwoVersionsAsync();
        var stable = await Registry.UpsertSlotAsync(Slot("stable", "v1", 100));
        Time.Advance(TimeSpan.FromSeconds(5));
        var canary = await Registry.UpsertSlotAsync(Slot("canary", "v2", 0) with { ContainerId = "c0ffee", ProcessId = null, TargetKind = "docker" });

        Assert.Equal([canary, stable], await Registry.ListSlotsAsync(Model));

        Time.Advance(TimeSpan.FromSeconds(5));
        await Registry.ApplyAsync(Promotion("v1", "v2") with
        {
            SlotUpdates = [canary with { Variant = "stable", Weight = 100 }],
            SlotRemovals = ["canary"],
        });

        var after = Assert.Single(await Registry.ListSlotsAsync(Model));
        Assert.Equal(("stable", "v2", 100.0, "docker", "c0ffee", (int?)null, Time.GetUtcNow()),
            (after.Variant, after.Version, after.Weight, after.TargetKind, after.ContainerId, after.ProcessId, after.UpdatedAt));
        Assert.True(await Registry.RemoveSlotAsync(Model, "stable"));
        Assert.False(await Registry.RemoveSlotAsync(Model, "stable"));
        Assert.Empty(await Registry.ListSlotsAsync(Model));
    }

    [Fact]
    public async Task UpsertSlot_WeightOutOfRange_Throws()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Registry.UpsertSlotAsync(Slot("canary", "v2", 150)));

        Assert.Contains("150", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Registry.ListSlotsAsync(Model));
    }

    [Fact]
    public async Task Describe_GathersVersionsAliasesSlotsLockAndLastEvents()
    {
        await SetProductionV1CanaryV2Async();
        await Registry.UpsertSlotAsync(Slot("stable", "v1", 100));
        await Registry.TryAcquireLockAsync(Request("run-d"));

        var listing = await Registry.DescribeAsync(Model, 2);

        Assert.Equal(Registry.Backend, listing.Backend);
        Assert.Equal(["v1", "v2"], listing.Versions.Select(v => v.Version));
        Assert.Equal(await Registry.ListAliasesAsync(Model), listing.Aliases);
        Assert.Equal("stable", Assert.Single(listing.Slots).Variant);
        Assert.Equal("run-d", listing.Lock!.Holder.RunId);
        Assert.Equal(await Registry.ListEventsAsync(Model, 2), listing.Events);
        var text = Pipeline.Registry.Listing.ModelListingFormatter.Format(listing);
        Assert.Contains("production → v1", text, StringComparison.Ordinal);
        Assert.Contains("Last 2 events:", text, StringComparison.Ordinal);
    }
}
