using Pipeline.Deployment.Canary;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Operations;
using Pipeline.Registry;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Release;

/// <summary>The end of the main job: puts a version beside production and lets the judge promote or roll it back.</summary>
/// <remarks>Holds the model's lock for the whole rollout (lease renewed), so a second release waits its turn; a release killed
/// mid-rollout leaves a stale lock and a canary slot, which the next release (or Rollback) resolves by rolling the canary back.</remarks>
public sealed class CanaryRelease(ModelDeployment deployment, IModelRegistry registry, Action<string> log, TimeProvider time)
{
    public async Task<ReleaseResult> RunAsync(ReleaseRequest request, CancellationToken ct)
    {
        // Reads the strategy first: an unknown one fails before anything is locked or started.
        var settings = JudgeSettings.From(request.Policy);
        if (request.Task == Core.Models.ModelTask.Regression)
            settings = settings with { QualitySquaredError = true, MaxLogLossIncrease = request.MaxSquaredErrorIncrease ?? request.Policy.MaxSquaredErrorIncrease ?? settings.MaxLogLossIncrease };
        var attempt = await registry.TryAcquireLockAsync(new LockRequest
        {
            Model = request.Model,
            Holder = LockHolder.Current(request.RunId, request.Actor),
            Lease = TimeSpan.FromMinutes(2),
            BreakStale = true,
        }, ct);
        if (!attempt.Acquired || attempt.Lease is null) throw new InvalidOperationException(attempt.Message);
        await using var renewer = LeaseRenewer.Start(registry, attempt.Lease, TimeSpan.FromMinutes(2), time);
        var lease = attempt.Lease;

        var recovered = await RecoverAsync(request.Model, lease, attempt.Other, ct);
        var status = await deployment.StatusAsync(request.Model, ct);
        var stable = status.Instances.FirstOrDefault(i => i.Role == ModelDeployment.StableRole && i.Running);
        var gateway = status.Instances.FirstOrDefault(i => i.Role == ModelDeployment.GatewayRole && i.Running);

        if (stable is null || gateway is null)
        {
            log($"{request.Model}: no version in production yet: this is the first release, so {request.Version} goes straight to production " +
                "after the gates (there is nothing to compare a canary with)");
            Ensure(await deployment.DeployAsync(Deploy(request, weight: 0, "first release: straight to production after the gates"), ct, lease));
            var endpoint = (await deployment.StatusAsync(request.Model, ct)).Instances.First(i => i.Role == ModelDeployment.GatewayRole).Endpoint;
            return new ReleaseResult
            {
                Kind = ReleaseKind.FirstRelease, Message = $"{request.Version} is in production (first release)", Endpoint = endpoint,
                StableVersion = request.Version, Recovered = recovered,
            };
        }
        if (stable.Version == request.Version)
        {
            return new ReleaseResult
            {
                Kind = ReleaseKind.AlreadyInProduction, Message = $"{request.Version} is already in production: nothing to release",
                Endpoint = gateway.Endpoint, StableVersion = stable.Version, Recovered = recovered,
            };
        }

        log($"{request.Model}: {Plan(request.Policy, settings.Strategy)} for {request.Version} beside production {stable.Version}");
        Ensure(await deployment.DeployAsync(Deploy(request, weight: 0, $"canary of {request.Version} at 0 % before the first step"), ct, lease));

        using var http = new HttpClient();
        var metrics = new HttpMetricsSource(http, new Uri(new Uri(gateway.Endpoint), "/metrics"), TimeSpan.FromSeconds(20), time);
        var journal = new LiveEvidenceJournal(
            new RegistryRolloutJournal(registry, request.Model, stable.Version!, request.Version, lease, request.Actor, request.RunId, log, time),
            (json, token) => deployment.PostReleaseEvidenceAsync(request.Model, json, token), time);
        var maxDuration = settings.MaxRolloutDuration + TimeSpan.FromSeconds(request.Policy.BakeSeconds + request.Policy.MaxStepSeconds + 30);
        // With labels, half the replay rate goes through the labelled client, whose answers judge online quality per version.
        var labelled = request.ReplayRows is { Rows: > 0 } && request.ReplayLabels is { Count: > 0 };
        var openRate = labelled ? request.Policy.ReplayRatePerSecond / 2.0 : request.Policy.ReplayRatePerSecond;
        await using var replay = request.ReplayRows is { Rows: > 0 } rows
            ? TrafficReplay.Start(new Uri(gateway.Endpoint), request.Model, rows, openRate, maxDuration, time)
            : null;
        await using var labelledReplay = labelled
            ? LabelledReplay.Start(new Uri(gateway.Endpoint), request.Model, request.ReplayRows!, request.ReplayLabels!, request.Policy.ReplayRatePerSecond - openRate, maxDuration, time,
                trueClassProbability: request.Task == Core.Models.ModelTask.Multiclass)
            : null;
        if (replay is not null)
            log($"traffic: replaying {request.ReplayRows!.Rows} holdout rows at {request.Policy.ReplayRatePerSecond}/s through {gateway.Endpoint}" +
                (labelled ? $" ({request.Policy.ReplayRatePerSecond - openRate:0.#}/s with labels: online quality judged)" : " (no labels: online quality not judged)"));
        var quality = labelledReplay is null ? null : new OnlineQualitySource(labelledReplay.Answers, stable.Version!, request.Version);
        var controller = new CanaryController(settings with { QualityJudged = labelled }, metrics, new DeploymentRolloutActuator(deployment, request.Model, lease),
            journal, time, request.ScrapeInterval, quality);

        RolloutResult rollout;
        try
        {
            rollout = await controller.RunAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A broken environment mid-rollout (gateway gone, registry refused): never leave the canary at an unknown weight.
            log($"rollout failed ({e.Message}); rolling the canary back");
            await deployment.RollbackAsync(request.Model, $"rollout of {request.Version} aborted: {e.Message}", CancellationToken.None, lease);
            throw;
        }
        var replayed = replay is null ? null : await replay.StopAsync();
        var promoted = rollout.Promoted;
        return new ReleaseResult
        {
            Kind = rollout.Conclusion switch
            {
                RolloutConclusion.RolledBack => ReleaseKind.RolledBack,
                RolloutConclusion.Inconclusive => ReleaseKind.Inconclusive,
                _ => ReleaseKind.Promoted,
            },
            Message = Conclusion(rollout, request.Version, stable.Version!),
            Endpoint = gateway.Endpoint,
            StableVersion = promoted ? request.Version : stable.Version,
            CanaryVersion = request.Version,
            Rollout = rollout,
            Replay = replayed,
            Recovered = recovered,
        };
    }

    private static string Conclusion(RolloutResult rollout, string candidate, string stable) => rollout.Conclusion switch
    {
        RolloutConclusion.RolledBack => $"{candidate} rolled back: {rollout.Final.Reason}",
        RolloutConclusion.Inconclusive => rollout.OnInconclusive switch
        {
            InconclusivePolicy.Hold => $"{candidate} inconclusive, held at {rollout.Final.StepWeightPercent:0.#} % beside {stable} (onInconclusive: hold): " +
                                       $"{rollout.Final.Reason}. Finish it with ./build.sh Promote or ./build.sh Rollback",
            InconclusivePolicy.Promote => $"{candidate} inconclusive, promoted by policy (onInconclusive: promote); {stable} kept as previous: {rollout.Final.Reason}",
            _ => $"{candidate} inconclusive, traffic back to {stable} by policy (onInconclusive: rollback), not for a fault: {rollout.Final.Reason}",
        },
        _ => $"{candidate} promoted to production; {stable} kept as previous",
    };

    /// <summary>A canary left by an interrupted release (its holder died, so we could take the lock) is rolled back before anything
    /// else; a blue-green switch whose bake the dead holder <paramref name="broken"/> never concluded is switched back.</summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(string model, DeploymentLease lease, LockStatus? broken, CancellationToken ct)
    {
        var canary = (await registry.ListSlotsAsync(model, ct)).FirstOrDefault(s => s.Variant == ModelDeployment.CanaryRole);
        if (canary is null)
        {
            if (broken is null || await InterruptedBake.SwitchBackAsync(deployment, registry, model, broken, lease, ct) is not { } report) return [];
            log(report.Message);
            return [report.Message];
        }
        // With the lock free (no dead holder), the canary was left on purpose: held by an inconclusive release, or started by hand.
        var message = broken is null
            ? $"found canary {canary.Version} of {model} still running (held after an inconclusive release, or deployed by hand); rolling it back before this release"
            : $"found canary {canary.Version} of {model} left by an interrupted release; rolling it back so production is only on stable";
        log(message);
        Ensure(await deployment.RollbackAsync(model, $"recovery: {message}", ct, lease));
        return [message];
    }

    // Weighted at 0 % whatever the strategy: the controller moves the candidate into shadow itself, and a routing strategy left by an
    // earlier release (a shadow that was rolled back) must not carry over.
    private static DeployRequest Deploy(ReleaseRequest r, double weight, string reason) => new()
    {
        Model = r.Model, Version = r.Version, ModelFile = r.ModelFile, ConfigFile = r.ConfigFile, Image = r.Image, CanaryWeight = weight, Reason = reason,
        ScoreBuckets = r.ScoreBuckets, ShadowTolerance = r.ShadowTolerance,
        Strategy = Pipeline.Gateway.Routing.RoutingStrategy.Weighted,
    };

    private static string Plan(Core.Models.RolloutPolicy p, RolloutStrategy strategy)
    {
        var steps = string.Join(" → ", p.Steps.Select(s => $"{s} %"));
        return strategy switch
        {
            RolloutStrategy.BlueGreen => $"blue-green (verify in shadow on {p.ShadowPercent} % of requests, switch 0 → 100 %, bake {p.BakeSeconds} s)",
            RolloutStrategy.ShadowThenCanary => $"shadow on {p.ShadowPercent} % of requests, then canary steps {steps}",
            _ => $"canary steps {steps}",
        };
    }

    private static void Ensure(DeploymentOutcome outcome)
    {
        if (!outcome.Succeeded)
            throw new InvalidOperationException(outcome.Message + (outcome.LogTail.Count > 0 ? Environment.NewLine + string.Join(Environment.NewLine, outcome.LogTail) : ""));
    }
}
