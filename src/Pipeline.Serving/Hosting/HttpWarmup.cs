using Microsoft.AspNetCore.Http;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Hosting;

/// <summary>
/// Before the server says it is ready, it sends itself a few <c>:predict</c> requests over real HTTP, so Kestrel's, the
/// router's, the reader's and the batcher's code is compiled before the first user request. A cold .NET server answers its
/// first request in ~100 ms instead of ~1 ms; behind a canary that is a burst of slow answers the latency judge would count
/// against a healthy new version.
/// </summary>
public static class HttpWarmup
{
    /// <summary>Marks a warm-up request: no access-log line, no test faults. Its metrics are cleared once warm-up ends.</summary>
    public const string Header = "x-pipeline-warmup";

    /// <summary>Whether a request is one of the server's own warm-up requests: it carries <see cref="Header"/> and the server has
    /// not been ready yet. After that the header means nothing, so no client can keep its requests out of the access log or the test faults.</summary>
    public static bool IsWarmup(HttpRequest request, Readiness readiness) => readiness.IsWarmingUp && request.Headers.ContainsKey(Header);

    private const int Parallel = 4;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public sealed record Outcome(int Sent, int Succeeded, TimeSpan Elapsed, string? FirstProblem);

    /// <summary>Sends <paramref name="requests"/> requests (4 at a time) of the model's neutral row to <paramref name="baseAddress"/>.</summary>
    public static async Task<Outcome> RunAsync(Uri baseAddress, ServedModel model, int requests, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        if (requests <= 0) return new Outcome(0, 0, TimeSpan.Zero, null);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(Budget);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = Budget };
        var body = Body(model);
        var path = $"/v1/models/{Uri.EscapeDataString(model.Name)}:predict";
        var sent = 0;
        var succeeded = 0;
        string? problem = null;

        async Task WorkerAsync(int share)
        {
            for (var i = 0; i < share; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add(Header, "1");
                Interlocked.Increment(ref sent);
                try
                {
                    using var response = await http.SendAsync(request, budget.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode) Interlocked.Increment(ref succeeded);
                    else Interlocked.CompareExchange(ref problem, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(budget.Token).ConfigureAwait(false)}", null);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    Interlocked.CompareExchange(ref problem, e.Message, null);
                    return;
                }
            }
        }

        // The first request alone (it pays for the compilation), then the rest in parallel so the batcher's queued path runs too.
        await WorkerAsync(1).ConfigureAwait(false);
        var rest = requests - 1;
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(w => WorkerAsync(rest / Parallel + (w < rest % Parallel ? 1 : 0)))).ConfigureAwait(false);
        return new Outcome(sent, succeeded, Stopwatch.GetElapsedTime(start), problem);
    }

    /// <summary><c>{"instances":[{column: value, …}]}</c> holding the model-load warm-up row (<see cref="ModelLoading.WarmupRow"/>).</summary>
    internal static byte[] Body(ServedModel model)
    {
        var row = ModelLoading.WarmupRow(model);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("instances");
            w.WriteStartObject();
            foreach (var c in model.Columns)
            {
                if (c.Kind == FeatureKind.Numeric) w.WriteNumber(c.Name, row.Numeric[c.Name][0]);
                else w.WriteString(c.Name, row.Categorical[c.Name][0]);
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
