using System.Globalization;
using Pipeline.Deployment.Judge;
using Pipeline.Gateway.Routing;

namespace Pipeline.Deployment.Canary;

public sealed partial class CanaryController
{
    /// <summary>Shadow first (users only ever get stable's answer); on a pass the weighted canary steps follow, on a breach the candidate is stopped.</summary>
    private async Task<RolloutResult> ShadowThenCanaryAsync(List<JudgeDecision> steps, CancellationToken cancellationToken)
    {
        var (shadow, _) = await ShadowAsync("shadow", steps, cancellationToken);
        if (shadow.Action is JudgeAction.Rollback or JudgeAction.Inconclusive) return Result(shadow, steps);
        await actuator.SetRoutingAsync(RoutingStrategy.Weighted, 0, "shadow passed: the candidate leaves shadow for the weighted canary steps", cancellationToken);
        return await CanaryStepsAsync(steps, cancellationToken);
    }

    /// <summary>Verification in shadow at 0 % user traffic, then 0 → 100 % at once with the old stable warm as previous; the judge
    /// watches the new stable against the old stable's pre-switch baseline for the bake window, and a breach switches back.</summary>
    private async Task<RolloutResult> BlueGreenAsync(List<JudgeDecision> steps, CancellationToken cancellationToken)
    {
        var (verify, baseline) = await ShadowAsync("blue-green verification", steps, cancellationToken);
        if (verify.Action is JudgeAction.Rollback or JudgeAction.Inconclusive) return Result(verify, steps);

        var bakeSeconds = settings.BakeDuration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        await actuator.PromoteAsync($"blue-green switch 0 → 100 % after verification; previous kept warm for a {bakeSeconds} s bake", cancellationToken, settings.BakeDuration);
        var bake = new CanaryJudge(settings.ForStage(JudgeStage.Bake), time.GetUtcNow(), baseline);
        // After the switch the new version is the gateway's stable and the old one previous (no traffic): the new stable is
        // judged in the candidate's seat, against the baseline its predecessor set before the switch.
        var decision = await WatchAsync(bake, samples => new Pair(GatewayScrape.Read(samples, "previous"), GatewayScrape.Read(samples, "stable")), steps, cancellationToken);
        if (decision.Action == JudgeAction.Rollback) await actuator.RollbackAsync(decision.Reason, cancellationToken);
        return Result(decision, steps);
    }

    // Three seconds at least: a just-started server still runs its request path at tier-0 until the mirrored traffic has called it
    // often enough for tiered re-compilation, which then competes for the cores. With 1 s, healthy candidates were twice
    // rolled back in tests on two busy cores (p99 99 ms and 149 ms against stable's 23 ms, in the 0.5–0.8 s judged after it).
    private TimeSpan ShadowWarmUp => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(3).Ticks, 2 * scrapeInterval.Ticks));

    /// <summary>The candidate on mirrored copies only; a breach stops it (it never took user traffic).</summary>
    private async Task<(JudgeDecision Decision, StableBaseline Baseline)> ShadowAsync(string what, List<JudgeDecision> steps, CancellationToken cancellationToken)
    {
        var stage = settings.ForStage(JudgeStage.Shadow);
        var share = stage.ShadowPercent.ToString("0.#", CultureInfo.InvariantCulture);
        await actuator.SetRoutingAsync(RoutingStrategy.Shadow, stage.ShadowPercent, $"{what}: {share} % of requests mirrored to the candidate; users served by stable", cancellationToken);
        // A just-started candidate gets its full mirror share at once, and its first answers carry JIT and session warm-up
        // (seen: p99 457 ms vs stable 88 ms in the first second, 149 ms vs 23 ms in the second); they are not evidence about the
        // version, so they are not judged.
        await Task.Delay(ShadowWarmUp, time, cancellationToken);
        var judge = new CanaryJudge(stage, time.GetUtcNow(), rolloutStarted: _started);
        var decision = await WatchAsync(judge, ReadVariants, steps, cancellationToken);
        if (decision.Action == JudgeAction.Rollback) await actuator.RollbackAsync(decision.Reason, cancellationToken);
        else if (decision.Action == JudgeAction.Inconclusive) await ConcludeInconclusiveAsync(decision, cancellationToken);
        return (decision, judge.Baseline);
    }
}
