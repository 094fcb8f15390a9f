using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>Drives one canary rollout: sets the first step's weight, scrapes the gateway, feeds the judge, and acts on its decisions.</summary>
/// <remarks>Every decision is journaled before it is acted on, so a process killed between the two leaves a record that says
/// what was about to happen; <c>RolloutRecovery</c> resolves such a state.</remarks>
public sealed class CanaryController(
    JudgeSettings settings,
    IMetricsSource metrics,
    IRolloutActuator actuator,
    IRolloutJournal journal,
    TimeProvider time,
    TimeSpan scrapeInterval)
{
    public async Task<RolloutResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var judge = new CanaryJudge(settings, started);
        var steps = new List<JudgeDecision>();
        await actuator.SetCanaryWeightAsync(judge.CurrentWeightPercent, $"canary step 1: {judge.CurrentWeightPercent} %", cancellationToken);
        var (stable, canary) = await ScrapeAsync(cancellationToken);
        while (true)
        {
            await Task.Delay(scrapeInterval, time, cancellationToken);
            var (stableNow, canaryNow) = await ScrapeAsync(cancellationToken);
            var weight = judge.CurrentWeightPercent;
            var decision = judge.Observe(new JudgeObservation(time.GetUtcNow(), weight, stableNow.Since(stable), canaryNow.Since(canary)));
            (stable, canary) = (stableNow, canaryNow);
            switch (decision.Action)
            {
                case JudgeAction.Continue:
                    journal.Progress(decision);
                    continue;
                case JudgeAction.Advance:
                    steps.Add(decision);
                    await journal.RecordAsync(decision, cancellationToken);
                    await actuator.SetCanaryWeightAsync(decision.NextWeightPercent!.Value, decision.Reason, cancellationToken);
                    // Evidence restarts with the new weight: counters read before the move belong to the old step.
                    (stable, canary) = await ScrapeAsync(cancellationToken);
                    continue;
                case JudgeAction.Rollback:
                    steps.Add(decision);
                    await journal.RecordAsync(decision, cancellationToken);
                    await actuator.RollbackAsync(decision.Reason, cancellationToken);
                    return new RolloutResult(decision, steps, time.GetUtcNow() - started);
                case JudgeAction.Promote:
                    steps.Add(decision);
                    await journal.RecordAsync(decision, cancellationToken);
                    await actuator.PromoteAsync(decision.Reason, cancellationToken);
                    return new RolloutResult(decision, steps, time.GetUtcNow() - started);
            }
        }
    }

    private async Task<(VariantCounters Stable, VariantCounters Canary)> ScrapeAsync(CancellationToken cancellationToken)
    {
        // A gateway that has served nothing since it (re)started has no histogram series yet: wait for traffic, up to one step's maximum.
        var deadline = time.GetUtcNow() + settings.MaxStepDuration;
        while (true)
        {
            var samples = PrometheusTextParser.Parse(await metrics.ScrapeAsync(cancellationToken));
            if (samples.Any(s => s.Name == GatewayScrape.Latency + "_bucket") || time.GetUtcNow() >= deadline)
                return (GatewayScrape.Read(samples, "stable"), GatewayScrape.Read(samples, "canary"));
            await Task.Delay(scrapeInterval, time, cancellationToken);
        }
    }
}
