using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;
using Pipeline.Registry.Tests.Support;

namespace Pipeline.Registry.Tests.Contract;

public abstract partial class ModelRegistryContract
{
    private static LockRequest Request(string runId, string host = "", int? pid = null, bool breakStale = false) => new()
    {
        Model = Model,
        Holder = host.Length == 0 && pid is null
            ? LockHolder.Current(runId, "tester")
            : new LockHolder { ProcessId = pid ?? Environment.ProcessId, Host = host.Length > 0 ? host : Environment.MachineName, RunId = runId, Actor = "tester" },
        Lease = TimeSpan.FromMinutes(30),
        BreakStale = breakStale,
    };

    [Fact]
    public async Task TryAcquireLock_HeldByLiveRun_RefusesNamingHolderAndUnlockCommand()
    {
        var first = await Registry.TryAcquireLockAsync(Request("run-1"));
        var second = await Registry.TryAcquireLockAsync(Request("run-2"));

        Assert.True(first.Acquired);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromMinutes(30), first.Lease!.ExpiresAt);
        Assert.False(second.Acquired);
        Assert.Null(second.Lease);
        Assert.Equal("run-1", second.Other!.Holder.RunId);
        Assert.False(second.Other.IsStale);
        Assert.Contains($"run run-1 (pid {Environment.ProcessId} on host {Environment.MachineName}", second.Message, StringComparison.Ordinal);
        Assert.Contains("./build.sh Unlock --model fraud-detector --force", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseLock_ThenAnotherRunAcquires_AndOldLeaseCannotReleaseIt()
    {
        var first = (await Registry.TryAcquireLockAsync(Request("run-1"))).Lease!;
        Assert.True(await Registry.ReleaseLockAsync(first));
        Assert.Null(await Registry.GetLockAsync(Model));

        var second = await Registry.TryAcquireLockAsync(Request("run-2"));

        Assert.True(second.Acquired);
        Assert.False(await Registry.ReleaseLockAsync(first));
        Assert.Equal("run-2", (await Registry.GetLockAsync(Model))!.Holder.RunId);
    }

    [Fact]
    public async Task TryAcquireLock_ManyTasksRacing_ExactlyOneWins()
    {
        const int racers = 12;
        var registries = new List<IModelRegistry>();
        for (var i = 0; i < racers; i++)
            registries.Add(await OpenAsync());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = registries.Select((registry, i) => Task.Run(async () =>
        {
            await start.Task;
            return await registry.TryAcquireLockAsync(Request($"task-{i}"));
        })).ToList();
        start.SetResult();
        var attempts = await Task.WhenAll(racing);

        var winner = Assert.Single(attempts, a => a.Acquired);
        Assert.All(attempts.Where(a => !a.Acquired), a => Assert.Equal(winner.Lease!.Holder.RunId, a.Other!.Holder.RunId));
        Assert.Equal(winner.Lease!.Holder.RunId, (await Registry.GetLockAsync(Model))!.Holder.RunId);
    }

    [Fact]
    public async Task TryAcquireLock_ManyProcessesRacing_ExactlyOneWins_ThenDeadWinnerIsStaleAndBreakable()
    {
        const int racers = 4;
        var goFile = Path.Combine(Layout.RootDirectory, "go");
        var helpers = Enumerable.Range(0, racers).Select(i => HelperProcess.Start("lock", ConnectionString, Model, goFile, $"proc-{i}")).ToList();
        try
        {
            foreach (var helper in helpers)
                Assert.Equal("ready", await helper.ReadLineAsync(TimeSpan.FromSeconds(60)));
            await File.WriteAllTextAsync(goFile, "go");

            var results = new List<(HelperProcess Helper, string Line, int Exit)>();
            foreach (var helper in helpers)
                results.Add((helper, await helper.ReadLineAsync(TimeSpan.FromSeconds(60)), await helper.WaitForExitAsync(TimeSpan.FromSeconds(60))));

            var winner = Assert.Single(results, r => r.Exit == 0);
            Assert.Equal($"acquired {winner.Helper.Id}", winner.Line);
            Assert.All(results.Where(r => r.Exit != 0), r => Assert.Equal(3, r.Exit));
            Assert.All(results.Where(r => r.Exit != 0), r => Assert.Contains($"pid {winner.Helper.Id}", r.Line, StringComparison.Ordinal));

            // The winner exited without releasing: its pid is gone on this host, so the lock is stale though its lease is valid.
            var status = await Registry.GetLockAsync(Model);
            Assert.NotNull(status);
            Assert.Equal(winner.Helper.Id, status.Holder.ProcessId);
            Assert.Equal($"process {winner.Helper.Id} is no longer running on {Environment.MachineName}", status.StaleReason);
            var refused = await Registry.TryAcquireLockAsync(Request("after"));
            Assert.False(refused.Acquired);
            Assert.Contains("stale", refused.Message, StringComparison.Ordinal);
            Assert.Contains("./build.sh Unlock --model fraud-detector", refused.Message, StringComparison.Ordinal);

            var broken = await Registry.BreakLockAsync(Model, "operator", "deploy crashed", force: false);

            Assert.True(broken.Broken);
            Assert.Contains($"pid {winner.Helper.Id}", broken.Message, StringComparison.Ordinal);
            Assert.Null(await Registry.GetLockAsync(Model));
            var recorded = (await Registry.ListEventsAsync(Model, 1))[0];
            Assert.Equal((DeploymentActions.LockBroken, "operator", "deploy crashed"), (recorded.Action, recorded.Actor, recorded.Reason));
            Assert.Contains($"\"pid\":{winner.Helper.Id}", recorded.EvidenceJson, StringComparison.Ordinal);
            Assert.True((await Registry.TryAcquireLockAsync(Request("after"))).Acquired);
        }
        finally
        {
            foreach (var helper in helpers)
                await helper.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetLock_LeaseExpiredOnOtherHost_IsStale()
    {
        await Registry.TryAcquireLockAsync(Request("ci-run", host: "build-agent-7", pid: 1));
        Assert.False((await Registry.GetLockAsync(Model))!.IsStale);

        Time.Advance(TimeSpan.FromMinutes(31));
        var status = await Registry.GetLockAsync(Model);

        Assert.True(status!.IsStale);
        Assert.StartsWith("its lease expired at 2026-11-22T09:30:00Z", status.StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewLock_ExtendsLease_AndFailsOnceBroken()
    {
        var lease = (await Registry.TryAcquireLockAsync(Request("ci-run", host: "build-agent-7", pid: 1))).Lease!;
        Time.Advance(TimeSpan.FromMinutes(20));

        Assert.True(await Registry.RenewLockAsync(lease, TimeSpan.FromMinutes(30)));
        Time.Advance(TimeSpan.FromMinutes(20));
        Assert.False((await Registry.GetLockAsync(Model))!.IsStale);

        Assert.True((await Registry.BreakLockAsync(Model, "operator", "stuck", force: true)).Broken);
        Assert.False(await Registry.RenewLockAsync(lease, TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public async Task BreakLock_LiveHolder_RefusedWithoutForce()
    {
        await Registry.TryAcquireLockAsync(Request("run-1"));

        var refused = await Registry.BreakLockAsync(Model, "operator", "impatient", force: false);

        Assert.False(refused.Broken);
        Assert.Contains("looks alive", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.Equal("run-1", (await Registry.GetLockAsync(Model))!.Holder.RunId);
        Assert.DoesNotContain(await Registry.ListEventsAsync(Model, 10), e => e.Action == DeploymentActions.LockBroken);
    }

    [Fact]
    public async Task BreakLock_Unlocked_SaysNothingToBreak()
    {
        var result = await Registry.BreakLockAsync(Model, "operator", "just in case", force: true);

        Assert.False(result.Broken);
        Assert.Contains("not locked", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryAcquireLock_BreakStaleRacing_ExactlyOneTakesOver()
    {
        await Registry.TryAcquireLockAsync(Request("crashed", host: "gone-host", pid: 1));
        Time.Advance(TimeSpan.FromHours(1));
        var registries = new List<IModelRegistry>();
        for (var i = 0; i < 6; i++)
            registries.Add(await OpenAsync());

        var attempts = await Task.WhenAll(registries.Select((r, i) => Task.Run(() => r.TryAcquireLockAsync(Request($"taker-{i}", breakStale: true)))));

        var winner = Assert.Single(attempts, a => a.Acquired);
        Assert.Equal("crashed", winner.Other!.Holder.RunId);
        Assert.Single(await Registry.ListEventsAsync(Model, 10), e => e.Action == DeploymentActions.LockBroken);
        Assert.All(attempts.Where(a => !a.Acquired), a => Assert.Equal(winner.Lease!.Holder.RunId, a.Other!.Holder.RunId));
    }

    [Fact]
    public async Task Apply_WithLeaseThatWasBroken_IsRefusedAndChangesNothing()
    {
        await TwoVersionsAsync();
        var lease = (await Registry.TryAcquireLockAsync(Request("slow-run"))).Lease!;
        await Registry.ApplyAsync(Promotion("v1", "v2") with { Lease = lease, AliasMoves = [new(Aliases.AliasNames.Production, "v1")] });
        await Registry.BreakLockAsync(Model, "operator", "took too long", force: true);
        var eventsBefore = await Registry.ListEventsAsync(Model, 100);

        var error = await Assert.ThrowsAsync<RegistryException>(() => Registry.ApplyAsync(Promotion("v1", "v2") with { Lease = lease }));

        Assert.Contains("no longer holds", error.Message, StringComparison.Ordinal);
        Assert.Equal("v1", (await Registry.GetAliasAsync(Model, Aliases.AliasNames.Production))!.Version);
        Assert.Equal(eventsBefore, await Registry.ListEventsAsync(Model, 100));
    }

    [Fact]
    public async Task LeaseRenewer_RenewsUntilDisposed_ThenReleases()
    {
        var realTime = await OpenAsync(options: new RegistryOptions());
        var lease = (await realTime.TryAcquireLockAsync(Request("long-run") with { Lease = TimeSpan.FromSeconds(1.5) })).Lease!;

        await using (var renewer = LeaseRenewer.Start(realTime, lease, TimeSpan.FromSeconds(1.5)))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((await realTime.GetLockAsync(Model))!.ExpiresAt <= lease.ExpiresAt && DateTime.UtcNow < deadline)
                await Task.Delay(100);

            Assert.True((await realTime.GetLockAsync(Model))!.ExpiresAt > lease.ExpiresAt, "the lease was never renewed");
            Assert.False(renewer.Lost);
        }

        Assert.Null(await realTime.GetLockAsync(Model));
    }

    [Fact]
    public async Task LeaseRenewer_LockBrokenBySomeoneElse_ReportsLostAndReleasesNothing()
    {
        var realTime = await OpenAsync(options: new RegistryOptions());
        var lease = (await realTime.TryAcquireLockAsync(Request("long-run") with { Lease = TimeSpan.FromSeconds(1.5) })).Lease!;
        var renewer = LeaseRenewer.Start(realTime, lease, TimeSpan.FromSeconds(1.5));

        await realTime.BreakLockAsync(Model, "operator", "taking over", force: true);
        var next = (await realTime.TryAcquireLockAsync(Request("next-run"))).Lease!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!renewer.Lost && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await renewer.DisposeAsync();

        Assert.True(renewer.Lost);
        Assert.Equal(next.Token, (await realTime.GetLockAsync(Model))!.Token);
    }

    [Fact]
    public async Task GetLock_HolderAliveInAnotherProcess_IsLive_UntilKilled()
    {
        await using var holder = HelperProcess.Start("hold", ConnectionString, Model, "holder-run");
        Assert.Equal("held", await holder.ReadLineAsync(TimeSpan.FromSeconds(60)));

        var live = await Registry.GetLockAsync(Model);
        var refused = await Registry.BreakLockAsync(Model, "operator", "impatient", force: false);

        Assert.Equal(holder.Id, live!.Holder.ProcessId);
        Assert.NotNull(live.Holder.ProcessStartedAt);
        Assert.Null(live.StaleReason);
        Assert.False(refused.Broken);

        await holder.KillAsync();

        Assert.Equal($"process {holder.Id} is no longer running on {Environment.MachineName}", (await Registry.GetLockAsync(Model))!.StaleReason);
        Assert.True((await Registry.BreakLockAsync(Model, "operator", "holder died", force: false)).Broken);
    }

    [Fact]
    public async Task GetLock_PidReusedByAnotherProcess_IsStale()
    {
        // Our own pid is alive, but a holder that started at another time cannot be this process: the pid was reused.
        await Registry.TryAcquireLockAsync(Request("old-run") with
        {
            Holder = LockHolder.Current("old-run") with { ProcessStartedAt = LockHolder.Current("x").ProcessStartedAt!.Value.AddHours(-3) },
        });

        Assert.Equal($"process {Environment.ProcessId} is no longer running on {Environment.MachineName}", (await Registry.GetLockAsync(Model))!.StaleReason);
    }
}
