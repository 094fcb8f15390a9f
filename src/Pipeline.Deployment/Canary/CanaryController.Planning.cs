using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

public sealed partial class CanaryController
{
    private RolloutResult Result(JudgeDecision decision, List<JudgeDecision> steps) =>
        new(decision, steps, time.GetUtcNow() - _started) { Plan = _plan, OnInconclusive = settings.OnInconclusive };

    /// <summary>The policy's <c>onInconclusive</c>: hold leaves the canary where it is for a person to finish; rollback and promote say
    /// that they act on an inconclusive rollout, not on a verdict about the canary.</summary>
    private async Task ConcludeInconclusiveAsync(JudgeDecision decision, CancellationToken cancellationToken)
    {
        var why = $"inconclusive rollout, policy onInconclusive: {InconclusivePolicies.Name(settings.OnInconclusive)} ({decision.Reason})";
        switch (settings.OnInconclusive)
        {
            case InconclusivePolicy.Rollback: await actuator.RollbackAsync(why, cancellationToken); break;
            case InconclusivePolicy.Promote: await actuator.PromoteAsync(why, cancellationToken); break;
        }
    }

    /// <summary>Measures stable's request and error rate before the first step and plans the steps from it (printed, and raised weights used).</summary>
    private async Task<RolloutPlan> PlanAsync(CancellationToken cancellationToken)
    {
        var first = await ScrapeAsync(ReadVariants, cancellationToken);
        var from = time.GetUtcNow();
        await Task.Delay(PlanWindow, time, cancellationToken);
        var last = await ScrapeAsync(ReadVariants, cancellationToken);
        var seconds = Math.Max(1e-3, (time.GetUtcNow() - from).TotalSeconds);
        var stable = last.Stable.Since(first.Stable);
        var plan = RolloutPlanner.Plan(settings, stable.Requests / seconds, stable.Requests == 0 ? 0 : (double)stable.Errors / stable.Requests)
            with { ObservedFor = time.GetUtcNow() - _started };
        journal.Plan(plan);
        return plan;
    }

    // Three seconds or four scrapes: at 10 requests/s that is ~30 requests, enough to tell 10/s from 100/s, which is what the plan needs.
    private TimeSpan PlanWindow => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(3).Ticks, 4 * scrapeInterval.Ticks));
}
