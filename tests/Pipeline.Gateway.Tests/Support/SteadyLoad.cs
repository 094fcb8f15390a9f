namespace Pipeline.Gateway.Tests.Support;

/// <summary>Open-loop load: starts one request every 1/rate seconds for a bounded time, whatever the answers take; counts outcomes.</summary>
public static class SteadyLoad
{
    public sealed record Outcome(int Sent, int Ok, IReadOnlyList<string> Errors, IReadOnlyDictionary<string, int> ByVariant);

    public static async Task<Outcome> RunAsync(GatewayUnderTest g, int ratePerSecond, TimeSpan duration, Func<int, Task>? atSecondMark = null)
    {
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var interval = TimeSpan.FromSeconds(1.0 / ratePerSecond);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var tasks = new List<Task<string>>(total);
        var changes = new List<Task>();
        var nextSecond = 1;
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            var wait = due - started.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            tasks.Add(OneAsync(g));
            if (atSecondMark is not null && started.Elapsed >= TimeSpan.FromSeconds(nextSecond * 0.5))
                changes.Add(atSecondMark(nextSecond++));
        }
        await Task.WhenAll(changes);
        var results = await Task.WhenAll(tasks);
        var errors = results.Where(r => r.StartsWith("error", StringComparison.Ordinal)).ToList();
        var byVariant = results.Where(r => !r.StartsWith("error", StringComparison.Ordinal)).GroupBy(r => r).ToDictionary(x => x.Key, x => x.Count());
        return new Outcome(total, total - errors.Count, errors, byVariant);
    }

    private static async Task<string> OneAsync(GatewayUnderTest g)
    {
        try
        {
            using var response = await g.InferAsync();
            var body = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode && body.Contains("probability", StringComparison.Ordinal)
                ? GatewayUnderTest.VariantOf(response)
                : $"error HTTP {(int)response.StatusCode}: {body}";
        }
        catch (Exception e)
        {
            return $"error {e.GetType().Name}: {e.Message}";
        }
    }
}
