using Microsoft.AspNetCore.Http;
using System.Diagnostics;
using System.Net.Http.Headers;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Hosting;

/// <summary>
/// Before the server says it is ready, it sends itself a few requests over real HTTP, alternating the V1 <c>:predict</c> route
/// and the Open Inference Protocol v2 <c>infer</c> route, so Kestrel's, the router's, both readers' and writers' and the
/// batcher's code is compiled before the first user request, whichever protocol it speaks. A cold .NET server answers its
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

    /// <summary>What the warm-up did; <paramref name="SucceededV2"/> counts the v2 <c>infer</c> requests among <paramref name="Succeeded"/>.</summary>
    public sealed record Outcome(int Sent, int Succeeded, TimeSpan Elapsed, string? FirstProblem, int SucceededV2 = 0);

    /// <summary>Sends <paramref name="requests"/> requests of the model's neutral row to <paramref name="baseAddress"/>: a V1 one,
    /// a v2 one (each alone: they pay for the compilation), then the rest 4 at a time, alternating the two routes.</summary>
    public static async Task<Outcome> RunAsync(Uri baseAddress, ServedModel model, int requests, TimeSpan budgetTime, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        if (requests <= 0) return new Outcome(0, 0, TimeSpan.Zero, null);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(budgetTime);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = budgetTime };
        (string Path, byte[] Body)[] routes =
        [
            ($"/v1/models/{Uri.EscapeDataString(model.Name)}:predict", Body(model)),
            ($"/v2/models/{Uri.EscapeDataString(model.Name)}/infer", V2Body(model)),
        ];
        var sent = 0;
        var succeeded = 0;
        var succeededV2 = 0;
        string? problem = null;

        async Task WorkerAsync(int share)
        {
            for (var i = 0; i < share; i++)
            {
                var v2 = Interlocked.Increment(ref sent) % 2 == 0;
                var (path, body) = routes[v2 ? 1 : 0];
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add(Header, "1");
                try
                {
                    using var response = await http.SendAsync(request, budget.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref succeeded);
                        if (v2) Interlocked.Increment(ref succeededV2);
                    }
                    else Interlocked.CompareExchange(ref problem, $"{path}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(budget.Token).ConfigureAwait(false)}", null);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    Interlocked.CompareExchange(ref problem, e.Message, null);
                    return;
                }
            }
        }

        // The first request of each route alone (it pays for the compilation), then the rest in parallel so the batcher's
        // queued path runs too.
        var alone = Math.Min(2, requests);
        await WorkerAsync(alone).ConfigureAwait(false);
        var rest = requests - alone;
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(w => WorkerAsync(rest / Parallel + (w < rest % Parallel ? 1 : 0)))).ConfigureAwait(false);
        return new Outcome(Volatile.Read(ref sent), succeeded, Stopwatch.GetElapsedTime(start), problem, succeededV2);
    }

    /// <summary><c>{"instances":[{column: value, …}]}</c> holding the model-load warm-up row (<see cref="ModelLoading.WarmupRow"/>), written by the protocol codec.</summary>
    internal static byte[] Body(ServedModel model)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        Pipeline.Protocol.V1.PredictJson.WriteInstances(buffer, ModelLoading.WarmupRow(model), 0, 1);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The same neutral row as an Open Inference Protocol v2 infer request, in the model's input layout: one
    /// <c>[1, 1]</c> tensor per column, or in <c>tensor</c> mode the numeric columns as one <c>[1, F]</c> FP32 tensor; written by the protocol codec.</summary>
    internal static byte[] V2Body(ServedModel model)
    {
        var row = ModelLoading.WarmupRow(model);
        var inputs = new List<Tensor>();
        if (model.Mode == "tensor")
        {
            var values = model.Numeric.Select(c => row.Numeric[c.Name][0]).ToArray();
            inputs.Add(Tensor.Of(model.TensorInput, values, 1, values.Length));
        }
        foreach (var c in model.Columns)
        {
            if (c.Kind == FeatureKind.Numeric && model.Mode == "tensor") continue;
            inputs.Add(c.Kind == FeatureKind.Numeric
                ? Tensor.Of(c.InputName, new[] { row.Numeric[c.Name][0] }, 1, 1)
                : Tensor.Of(c.InputName, new[] { System.Text.Encoding.UTF8.GetBytes(row.Categorical[c.Name][0] ?? "") }, 1, 1));
        }
        return InferenceJson.WriteRequest(new InferRequest { Inputs = inputs }, binaryInputs: false).Body;
    }
}
