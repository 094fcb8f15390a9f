using Pipeline.Benchmarking.Load;
using Pipeline.Core.Features;
using Pipeline.Gateway.Scores;

namespace Pipeline.Deployment.Canary;

/// <summary>The labelled part of replay traffic: holdout rows with their labels sent one per request through the gateway at a fixed rate;
/// each answer is recorded with the version that gave it (<c>X-Pipeline-Version</c>), so online quality can be judged per variant.</summary>
/// <remarks>A separate client from <see cref="TrafficReplay"/>: its raw-socket load generator does not read answers, and quality needs them.</remarks>
public sealed class LabelledReplay : IAsyncDisposable
{
    private const int Workers = 8;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Workers }) { Timeout = TimeSpan.FromSeconds(10) };
    private Task _run = Task.CompletedTask;
    private long _sent;
    private long _failed;
    private bool _trueClass;

    private LabelledReplay()
    {
    }

    public OnlineQualityLog Answers { get; } = new();
    public long Sent => Interlocked.Read(ref _sent);
    public long Failed => Interlocked.Read(ref _failed);

    /// <param name="trueClassProbability">Multiclass: record each answer as the probability it gave the labelled class, with label 1, so the
    /// judge's log loss is the multiclass log loss.</param>
    public static LabelledReplay Start(Uri gateway, string model, FeatureBatch rows, IReadOnlyList<float> labels, double ratePerSecond, TimeSpan maxDuration, TimeProvider time,
        bool trueClassProbability = false)
    {
        var bodies = PredictBodies.FromBatch(rows, rowsPerRequest: 1, maxBodies: Math.Min(rows.Rows, 4096));
        if (labels.Count < bodies.Count) throw new ArgumentException($"{labels.Count} labels for {bodies.Count} replayed rows; give one label per row", nameof(labels));
        var replay = new LabelledReplay { _trueClass = trueClassProbability };
        var target = new Uri(gateway, $"/v1/models/{model}:predict");
        var started = time.GetUtcNow();
        var deadline = started + maxDuration;
        replay._run = Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => replay.WorkerAsync(w, target, bodies, labels, ratePerSecond, started, deadline, time))));
        return replay;
    }

    private async Task WorkerAsync(int worker, Uri target, IReadOnlyList<byte[]> bodies, IReadOnlyList<float> labels, double rate, DateTimeOffset started, DateTimeOffset deadline, TimeProvider time)
    {
        // Request j is due at start + j/rate; worker w sends j = w, w+Workers, …: an open schedule, shared by the workers.
        for (long j = worker; !_stop.IsCancellationRequested; j += Workers)
        {
            var due = started + TimeSpan.FromSeconds(j / rate);
            if (due >= deadline) return;
            var wait = due - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, _stop.Token).ConfigureAwait(false);
                var row = (int)(j % bodies.Count);
                await SendAsync(target, bodies[row], labels[row]).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SendAsync(Uri target, byte[] body, float label)
    {
        Interlocked.Increment(ref _sent);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(target, content, _stop.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(_stop.Token).ConfigureAwait(false);
            var scores = !response.IsSuccessStatusCode ? [] : _trueClass ? TrueClassProbability(bytes, label) : ScoreParser.Parse(bytes);
            if (_trueClass && scores.Length == 1) label = 1f;
            if (scores.Length != 1 || !response.Headers.TryGetValues("X-Pipeline-Version", out var versions))
            {
                Interlocked.Increment(ref _failed);
                return;
            }
            var variant = response.Headers.TryGetValues("X-Pipeline-Variant", out var v) ? v.First() : "";
            Answers.Record(new LabelledAnswer(versions.First(), variant, label, scores[0]));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // An unanswered request has no score to judge; errors are the error-rate metric's business (gateway counters).
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>The probability a V1 multiclass answer (<c>predictions[0].probabilities</c>) gave class <paramref name="label"/>; empty when absent.</summary>
    internal static float[] TrueClassProbability(byte[] json, float label)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            if (doc.RootElement.TryGetProperty("predictions", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Array && p.GetArrayLength() == 1
                && p[0].ValueKind == System.Text.Json.JsonValueKind.Object && p[0].TryGetProperty("probabilities", out var probabilities)
                && probabilities.ValueKind == System.Text.Json.JsonValueKind.Array && (int)label >= 0 && (int)label < probabilities.GetArrayLength())
                return [probabilities[(int)label].GetSingle()];
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return [];
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }
}
