using Pipeline.Core.Layout;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;

namespace Pipeline.Registry.Tests.Support;

/// <summary>
/// Entry point when the test assembly runs as a helper process (the test host never calls it):
/// <c>lock &lt;conn&gt; &lt;model&gt; &lt;go-file&gt; &lt;run-id&gt;</c> races for a lock and exits without releasing it;
/// <c>hold &lt;conn&gt; &lt;model&gt; &lt;run-id&gt;</c> takes a lock and keeps running until killed;
/// <c>crash &lt;conn&gt; &lt;model&gt; &lt;from&gt; &lt;to&gt;</c> promotes and stops dead before committing, waiting to be killed.
/// </summary>
public static class Program
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "lock" => await LockAsync(args[1], args[2], args[3], args[4]),
        "crash" => await CrashAsync(args[1], args[2], args[3], args[4]),
        "hold" => await HoldAsync(args[1], args[2], args[3]),
        _ => 2,
    };

    private static async Task<int> LockAsync(string connection, string model, string goFile, string runId)
    {
        await using var registry = await ModelRegistryFactory.OpenAsync(connection, new RepositoryLayout(Path.GetTempPath()));
        Console.WriteLine("ready");
        var deadline = DateTime.UtcNow + Bound;
        while (!File.Exists(goFile) && DateTime.UtcNow < deadline)
            await Task.Delay(2);

        var attempt = await registry.TryAcquireLockAsync(new LockRequest { Model = model, Holder = LockHolder.Current(runId, "racer") });
        Console.WriteLine(attempt.Acquired ? $"acquired {Environment.ProcessId}" : $"refused {attempt.Message}");
        return attempt.Acquired ? 0 : 3;
    }

    private static async Task<int> HoldAsync(string connection, string model, string runId)
    {
        await using var registry = await ModelRegistryFactory.OpenAsync(connection, new RepositoryLayout(Path.GetTempPath()));
        var attempt = await registry.TryAcquireLockAsync(new LockRequest { Model = model, Holder = LockHolder.Current(runId, "holder") });
        Console.WriteLine(attempt.Acquired ? "held" : $"refused {attempt.Message}");
        await Task.Delay(Bound);
        return 0;
    }

    private static async Task<int> CrashAsync(string connection, string model, string from, string to)
    {
        var options = new RegistryOptions
        {
            BetweenWrites = async step =>
            {
                if (step != "event-written")
                    return;
                Console.WriteLine("paused");
                await Task.Delay(Bound);
            },
        };
        await using var registry = await ModelRegistryFactory.OpenAsync(connection, new RepositoryLayout(Path.GetTempPath()), options);
        await registry.ApplyAsync(new DeploymentChange
        {
            Model = model,
            Action = DeploymentActions.Promote,
            Actor = "crasher",
            Reason = "promote that never commits",
            FromVersion = from,
            ToVersion = to,
            AliasMoves = [new AliasMove(AliasNames.Production, to), new AliasMove(AliasNames.Previous, from), new AliasMove(AliasNames.Canary, null)],
        });
        Console.WriteLine("committed");
        return 0;
    }
}
