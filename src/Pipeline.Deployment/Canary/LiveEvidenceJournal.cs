using System.Text.Json;
using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>
/// Passes every journal call on, and also reports the judge's progress (at most once a second) and its decisions to the gateway's
/// live release page. Best effort: a page that cannot be reached never slows or stops the rollout.
/// </summary>
public sealed class LiveEvidenceJournal(IRolloutJournal inner, Func<string, CancellationToken, Task> post, TimeProvider time) : IRolloutJournal
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;

    public async Task RecordAsync(JudgeDecision decision, CancellationToken cancellationToken)
    {
        await inner.RecordAsync(decision, cancellationToken);
        await SendAsync("decision", decision, cancellationToken);
    }

    public void Plan(RolloutPlan plan) => inner.Plan(plan);

    public void Progress(JudgeDecision decision)
    {
        inner.Progress(decision);
        var now = time.GetUtcNow();
        if (now - _lastProgress < TimeSpan.FromSeconds(1)) return;
        _lastProgress = now;
        _ = SendAsync("progress", decision, CancellationToken.None);
    }

    /// <summary>The body posted to <c>/admin/release-evidence</c>.</summary>
    public static string Body(string kind, JudgeDecision d) => JsonSerializer.Serialize(new
    {
        kind,
        action = d.Action.ToString().ToLowerInvariant(),
        stage = d.Stage.ToString().ToLowerInvariant(),
        step = d.StepIndex,
        weight = d.StepWeightPercent,
        nextWeight = d.NextWeightPercent,
        elapsedSeconds = d.StepElapsed.TotalSeconds,
        reason = d.Reason,
        metrics = d.Metrics.Select(m => new
        {
            metric = m.Metric, canary = m.Canary, stable = m.Stable, threshold = m.Threshold, statistic = m.Statistic,
            status = m.Status.ToString().ToLowerInvariant(), canarySamples = m.CanarySamples, stableSamples = m.StableSamples,
        }),
    }, Json);

    private async Task SendAsync(string kind, JudgeDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await post(Body(kind, decision), timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            // The live page is a view; the registry event above is the record.
        }
    }
}
