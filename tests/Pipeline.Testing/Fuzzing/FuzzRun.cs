using System.Net.Http.Headers;

namespace Pipeline.Testing.Fuzzing;

/// <summary>Posts <see cref="MutatedBodies"/> to a server for a bounded time and keeps every 5xx with the body that caused it.</summary>
public sealed record FuzzRun(int Sent, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyList<string> ServerErrors, long HeapGrowthBytes)
{
    public static async Task<FuzzRun> RunAsync(HttpClient client, IReadOnlyList<string> paths, MutatedBodies bodies, Random random, TimeSpan duration)
    {
        var byStatus = new Dictionary<int, int>();
        var serverErrors = new List<string>();
        var heapBefore = SettledHeap();
        var end = DateTime.UtcNow + duration;
        var sent = 0;
        while (DateTime.UtcNow < end)
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
