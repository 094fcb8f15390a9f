using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.State;

namespace Pipeline.Registry.Tests.Contract;

public abstract partial class ModelRegistryContract
{
    protected static DeploymentChange Promotion(string from, string to) => new()
    {
        Model = Model,
        Action = DeploymentActions.Promote,
        Actor = "tester",
        Reason = $"canary {to} passed every step",
        FromVersion = from,
        ToVersion = to,
        EvidenceJson = """{"steps":[5,25,50,100],"judge":"pass"}""",
        RunId = "run-promote",
        AliasMoves = [new AliasMove(AliasNames.Production, to), new AliasMove(AliasNames.Previous, from), new AliasMove(AliasNames.Canary, null)],
    };

    private async Task SetProductionV1CanaryV2Async()
    {
        await TwoVersionsAsync();
        await Registry.ApplyAsync(new DeploymentChange
        {
            Model = Model, Action = DeploymentActions.SetAlias, Actor = "tester", Reason = "first release", ToVersion = "v1",
            AliasMoves = [new AliasMove(AliasNames.Production, "v1"), new AliasMove(AliasNames.Canary, "v2")],
        });
    }

    [Fact]
    public async Task GetAlias_Unset_ReturnsNull()
    {
        await TwoVersionsAsync();

        Assert.Null(await Registry.GetAliasAsync(Model, AliasNames.Production));
        Assert.Empty(await Registry.ListAliasesAsync(Model));
    }

    [Fact]
    public async Task GetAlias_Production_GivesChampionDigestAndBaselineProfile()
    {
        await SetProductionV1CanaryV2Async();

        var production = await Registry.GetAliasAsync(Model, AliasNames.Production);

        Assert.NotNull(production);
        Assert.Equal("v1", production.Version);
        Assert.Equal(Digest('1'), production.ModelDigest);
        Assert.Equal("sha256:" + new string('p', 64) + "v1", production.Lineage.DataProfileDigest);
    }

    [Fact]
    public async Task Apply_Promote_MovesAliasesAndRecordsOneEvent()
    {
        await SetProductionV1CanaryV2Async();
        Time.Advance(TimeSpan.FromMinutes(10));

        var recorded = await Registry.ApplyAsync(Promotion("v1", "v2"));

        var aliases = await Registry.ListAliasesAsync(Model);
        Assert.Equal([(AliasNames.Previous, "v1"), (AliasNames.Production, "v2")], aliases.Select(a => (a.Alias, a.Version)));
        Assert.All(aliases, a => Assert.Equal(Time.GetUtcNow(), a.UpdatedAt));
        var last = (await Registry.ListEventsAsync(Model, 1))[0];
        Assert.Equal(recorded, last);
        Assert.Equal((DeploymentActions.Promote, "v1", "v2", "run-promote"), (last.Action, last.FromVersion, last.ToVersion, last.RunId));
        Assert.Equal("""{"steps":[5,25,50,100],"judge":"pass"}""", last.EvidenceJson);
    }

    [Fact]
    public async Task Apply_AliasToUnknownVersion_ThrowsAndChangesNothing()
    {
        await SetProductionV1CanaryV2Async();
        var eventsBefore = await Registry.ListEventsAsync(Model, 100);
        var change = Promotion("v1", "v2") with
        {
            AliasMoves = [new AliasMove(AliasNames.Production, "v2"), new AliasMove(AliasNames.Previous, "v7")],
        };

        var error = await Assert.ThrowsAsync<RegistryException>(() => Registry.ApplyAsync(change));

        Assert.Contains("v7", error.Message, StringComparison.Ordinal);
        Assert.Contains("registered: v1, v2", error.Message, StringComparison.Ordinal);
        Assert.Equal("v1", (await Registry.GetAliasAsync(Model, AliasNames.Production))!.Version);
        Assert.Equal(eventsBefore, await Registry.ListEventsAsync(Model, 100));
    }

    [Theory]
    [InlineData("alias-moved")]
    [InlineData("slot-written")]
    [InlineData("event-written")]
    public async Task Apply_FailureBetweenWrites_LeavesNoHalfRecordedState(string failingStep)
    {
        await SetProductionV1CanaryV2Async();
        var slotBefore = await Registry.UpsertSlotAsync(Slot("stable", "v1", 100));
        var eventsBefore = await Registry.ListEventsAsync(Model, 100);
        var faulty = await OpenAsync(options: new RegistryOptions
        {
            Time = Time,
            BetweenWrites = step => step == failingStep ? throw new IOException($"simulated failure at {step}") : Task.CompletedTask,
        });
        var change = Promotion("v1", "v2") with { SlotUpdates = [Slot("stable", "v2", 100)], SlotRemovals = ["canary"] };

        var error = await Assert.ThrowsAsync<IOException>(() => faulty.ApplyAsync(change));

        Assert.Contains(failingStep, error.Message, StringComparison.Ordinal);
        Assert.Equal([(AliasNames.Canary, "v2"), (AliasNames.Production, "v1")], (await Registry.ListAliasesAsync(Model)).Select(a => (a.Alias, a.Version)));
        Assert.Equal([slotBefore], await Registry.ListSlotsAsync(Model));
        Assert.Equal(eventsBefore, await Registry.ListEventsAsync(Model, 100));
        await Registry.ApplyAsync(change);
        Assert.Equal("v2", (await Registry.GetAliasAsync(Model, AliasNames.Production))!.Version);
    }

    [Fact]
    public async Task Apply_ProcessKilledBeforeCommit_LeavesNoHalfRecordedState()
    {
        await SetProductionV1CanaryV2Async();
        var eventsBefore = await Registry.ListEventsAsync(Model, 100);

        await using (var crasher = Support.HelperProcess.Start("crash", ConnectionString, Model, "v1", "v2"))
        {
            // The helper has moved all three aliases and inserted the event inside its transaction, then stops; SIGKILL it there.
            Assert.Equal("paused", await crasher.ReadLineAsync(TimeSpan.FromSeconds(60)));
            await crasher.KillAsync();
        }

        Assert.Equal([(AliasNames.Canary, "v2"), (AliasNames.Production, "v1")], (await Registry.ListAliasesAsync(Model)).Select(a => (a.Alias, a.Version)));
        Assert.Equal(eventsBefore, await Registry.ListEventsAsync(Model, 100));
        var after = await Registry.ApplyAsync(Promotion("v1", "v2"));
        Assert.Equal("v2", (await Registry.GetAliasAsync(Model, AliasNames.Production))!.Version);
        Assert.Equal(after, (await Registry.ListEventsAsync(Model, 1))[0]);
    }

    protected static DeploymentSlot Slot(string variant, string? version, double weight) => new()
    {
        Model = Model,
        Variant = variant,
        Version = version,
        Endpoint = $"http://127.0.0.1:{5000 + variant.Length}",
        Weight = weight,
        TargetKind = "process",
        ProcessId = 4242,
        DetailsJson = """{"log":".artifacts/deploy/x.log"}""",
    };
}
