namespace Pipeline.Deployment.Tests.Support;

/// <summary>Steady open-loop predictions (bounded rate and time) while a deployment move happens; counts client-visible errors.</summary>
public static class BackgroundLoad
{
    public static async Task<(int Sent, List<string> Errors, HashSet<string> Versions)> RunDuringAsync(
        DeploymentHarness h, string gateway, int ratePerSecond, TimeSpan minimum, Func<Task> move)
    {
        var errors = new List<string>();
        var versions = new HashSet<string>();
        var tasks = new List<Task>();
        using var stop = new CancellationTokenSource();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var moveTask = Task.Run(async () => { await Task.Delay(minimum / 3); await move(); });
        var i = 0;
        while ((!moveTask.IsCompleted || started.Elapsed < minimum) && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            var wait = TimeSpan.FromSeconds((double)i / ratePerSecond) - started.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            i++;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var (version, _) = await h.PredictAsync(gateway);
                    lock (versions) versions.Add(version);
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add(e.Message);
                }
            }));
        }
        await moveTask;
        await Task.WhenAll(tasks);
        return (i, errors, versions);
    }
}
