using System.Text.Json;
using Pipeline.Deployment.Judge;
using Pipeline.Registry;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Canary;

/// <summary>Writes every step decision as a registry event whose evidence is the judge's full assessment, and one console line per decision.</summary>
public sealed class RegistryRolloutJournal(
    IModelRegistry registry, string model, string stableVersion, string canaryVersion, DeploymentLease lease, string actor, string runId,
    Action<string> log, TimeProvider time) : IRolloutJournal
{
    public const string DecisionAction = "canary-decision";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;

    public async Task RecordAsync(JudgeDecision decision, CancellationToken cancellationToken)
    {
        log($"judge: {decision.Action.ToString().ToLowerInvariant()} — {decision.Reason}");
        foreach (var m in decision.Metrics) log($"  {m}");
        await registry.ApplyAsync(new DeploymentChange
        {
            Model = model,
            // Every verdict, a passed step included, is one decision event (the weight move that follows is the canary-step
            // event); an inconclusive end is its own kind, so it is never read as the rollback of a faulty model.
            Action = decision.Action == JudgeAction.Inconclusive ? DeploymentActions.CanaryInconclusive : DecisionAction,
            Actor = actor,
            Reason = decision.Reason,
            FromVersion = stableVersion,
            ToVersion = canaryVersion,
            EvidenceJson = JsonSerializer.Serialize(new
            {
                action = decision.Action.ToString().ToLowerInvariant(),
                stage = decision.Stage.ToString().ToLowerInvariant(),
                step = decision.StepIndex,
                weight = decision.StepWeightPercent,
                nextWeight = decision.NextWeightPercent,
                elapsedSeconds = decision.StepElapsed.TotalSeconds,
                metrics = decision.Metrics,
            }, Json),
            RunId = runId,
            Lease = lease,
        }, cancellationToken);
    }

    public void Plan(RolloutPlan plan)
    {
        foreach (var line in plan.Describe()) log(line);
    }

    public void Progress(JudgeDecision decision)
    {
        var now = time.GetUtcNow();
        if (now - _lastProgress < TimeSpan.FromSeconds(3)) return;
        _lastProgress = now;
        log($"judge: {decision.Reason}");
    }
}
