using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>Drives one rollout by the policy's strategy: scrapes the gateway, feeds a judge per stage, and acts on its decisions
/// (canary steps; shadow first; or blue-green verification, switch and bake).</summary>
/// <remarks>Every decision is journaled before it is acted on, so a process killed between the two leaves a record that says
/// what was about to happen; <c>RolloutRecovery</c> resolves such a state.</remarks>
public sealed partial class CanaryController(
    JudgeSettings settings,
    IMetricsSource metrics,
    IRolloutActuator actuator,
    IRolloutJournal journal,
    TimeProvider time,
    TimeSpan scrapeInterval,
    OnlineQualitySource? quality = null)
{
    private RolloutPlan? _plan;
    private DateTimeOffset _started;

    public async Task<RolloutResult> RunAsync(CancellationToken cancellationToken)
    {
        _started = time.GetUtcNow();
        var steps = new List<JudgeDecision>();
        // Blue-green has no canary steps to plan; the others plan them from the traffic stable serves before the first move.
        if (settings.Strategy != RolloutStrategy.BlueGreen) _plan = await PlanAsync(cancellationToken);
        return settings.Strategy switch
        {
            RolloutStrategy.BlueGreen => await BlueGreenAsync(steps, cancellationToken),
            RolloutStrategy.ShadowThenCanary => await ShadowThenCanaryAsync(steps, cancellationToken),
            _ => await CanaryStepsAsync(steps, cancellationToken),
        };
    }

    private async Task<RolloutResult> CanaryStepsAsync(List<JudgeDecision> steps, CancellationToken cancellationToken)
    {
        var stage = settings.ForStage(JudgeStage.Canary);
        var judge = new CanaryJudge(_plan is null ? stage : stage with { Steps = _plan.Weights }, time.GetUtcNow(), rolloutStarted: _started);
        await actuator.SetCanaryWeightAsync(judge.CurrentWeightPercent, $"canary step 1: {judge.CurrentWeightPercent} %", cancellationToken);
        var decision = await WatchAsync(judge, ReadVariants, steps, cancellationToken);
        if (decision.Action == JudgeAction.Rollback) await actuator.RollbackAsync(decision.Reason, cancellationToken);
        else if (decision.Action == JudgeAction.Inconclusive) await ConcludeInconclusiveAsync(decision, cancellationToken);
        else await actuator.PromoteAsync(decision.Reason, cancellationToken);
        return Result(decision, steps);
    }

    /// <summary>Scrapes and judges until the judge reaches a final decision; advances canary steps on the way.</summary>
    private async Task<JudgeDecision> WatchAsync(CanaryJudge judge, Func<IReadOnlyList<PrometheusSample>, Pair> read, List<JudgeDecision> steps, CancellationToken cancellationToken)
    {
        var last = await ScrapeAsync(read, cancellationToken);
        while (true)
        {
            await Task.Delay(scrapeInterval, time, cancellationToken);
            var now = await ScrapeAsync(read, cancellationToken);
            var decision = judge.Observe(new JudgeObservation(time.GetUtcNow(), judge.CurrentWeightPercent,
                now.Stable.Since(last.Stable) with { Labelled = Labelled(quality?.StableVersion, last, now) },
                now.Canary.Since(last.Canary) with { Labelled = Labelled(quality?.CandidateVersion, last, now) }));
            last = now;
            if (decision.Action == JudgeAction.Continue)
            {
                journal.Progress(decision);
                continue;
            }
            steps.Add(decision);
            await journal.RecordAsync(decision, cancellationToken);
            if (decision.Action == JudgeAction.Extend) continue;
            if (decision.Action != JudgeAction.Advance) return decision;
            // The judge's reason is journaled once, with its evidence, above; the move is its own event.
            var next = decision.NextWeightPercent!.Value;
            await actuator.SetCanaryWeightAsync(next, $"canary step {decision.StepIndex + 2}: {next} %", cancellationToken);
            // Evidence restarts with the new weight: counters read before the move belong to the old step.
            last = await ScrapeAsync(read, cancellationToken);
        }
    }

    private static Pair ReadVariants(IReadOnlyList<PrometheusSample> samples) => new(GatewayScrape.Read(samples, "stable"), GatewayScrape.Read(samples, "canary"));

    // By version, not by the gateway's variant label: after a blue-green switch the candidate answers as "stable".
    private IReadOnlyList<LabelledScore> Labelled(string? version, Pair last, Pair now) =>
        quality is null || version is null ? [] : quality.Answers.Of(version, last.Answered, now.Answered);

    private async Task<Pair> ScrapeAsync(Func<IReadOnlyList<PrometheusSample>, Pair> read, CancellationToken cancellationToken)
    {
        // A gateway that has served nothing since it (re)started has no histogram series yet: wait for traffic, up to one step's maximum.
        var deadline = time.GetUtcNow() + settings.MaxStepDuration;
        while (true)
        {
            var samples = PrometheusTextParser.Parse(await metrics.ScrapeAsync(cancellationToken));
            if (samples.Any(s => s.Name == GatewayScrape.Latency + "_bucket") || time.GetUtcNow() >= deadline)
                return read(samples) with { Answered = quality?.Answers.Count ?? 0 };
            await Task.Delay(scrapeInterval, time, cancellationToken);
        }
    }

    /// <summary>The two sides a judge compares (stable or its baseline, and the candidate), and how many labelled answers existed then.</summary>
    private readonly record struct Pair(VariantCounters Stable, VariantCounters Canary, int Answered = 0);
}
