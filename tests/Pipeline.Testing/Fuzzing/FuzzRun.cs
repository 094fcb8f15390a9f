using System.Net.Http.Headers;

namespace Pipeline.Testing.Fuzzing;

/// <summary>
/// Posts <see cref="MutatedBodies"/> to a server for a bounded time and keeps every 5xx with the body that caused it. It sends for
/// <c>duration</c> and at least <see cref="MinimumRequests"/> requests (a cold server on a busy machine answered 3 in 3 s), but never
/// longer than <see cref="MaximumDuration"/>.
/// </summary>
public sealed record FuzzRun(int Sent, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyList<string> ServerErrors, long HeapGrowthBytes)
{
    public static async Task<FuzzRun> RunAsync(HttpClient client, IReadOnlyList<string> paths, MutatedBodies bodies, Random random, TimeSpan duration)
    {
        var byStatus = new Dictionary<int, int>();
        var serverErrors = new List<string>();
        var heapBefore = SettledHeap();
        var start = DateTime.UtcNow;
        var sent = 0;
        while ((DateTime.UtcNow - start < duration || sent < MinimumRequests) && DateTime.UtcNow - start < MaximumDuration)
        {
            var (body, how) = bodies.Next();
            var path = paths[random.Next(paths.Count)];
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(path, content);
            var status = (int)response.StatusCode;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            if (status >= 500 && serverErrors.Count < 5)
                serverErrors.Add($"{status} on {path} for a body {how} ({body.Length} bytes: {Preview(body)}): {await response.Content.ReadAsStringAsync()}");
            sent++;
        }
        return new FuzzRun(sent, byStatus, serverErrors, SettledHeap() - heapBefore);
    }

    public const int MinimumRequests = 300;

    public static readonly TimeSpan MaximumDuration = TimeSpan.FromSeconds(60);

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Preview(byte[] body) => System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)));

    public string Summary => $"{Sent} requests: " + string.Join(", ", ByStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}"));
}
