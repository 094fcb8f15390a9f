namespace Pipeline.Deployment.Operations;

/// <summary>
/// Whether production (the gateway and the stable server) is fully up, and for each part that is not, what is wrong and the
/// command that fixes it; <c>./build.sh Status</c> exits non-zero unless <see cref="IsUp"/>.
/// </summary>
public sealed record ProductionHealth(IReadOnlyList<string> Problems)
{
    public bool IsUp => Problems.Count == 0;

    public static ProductionHealth Of(DeploymentStatus status)
    {
        var model = status.Model;
        if (status.Instances.Count == 0) return new([$"{model}: nothing runs; start it with ./build.sh Deploy --model {model} --model-version <version>."]);
        var problems = new List<string>();
        var byRole = status.Instances.ToDictionary(i => i.Role, StringComparer.Ordinal);
        var gateway = byRole.GetValueOrDefault(ModelDeployment.GatewayRole);
        var stable = byRole.GetValueOrDefault(ModelDeployment.StableRole);
        var previous = byRole.GetValueOrDefault(ModelDeployment.PreviousRole);
        var restart = $"./build.sh Down --model {model} and then ./build.sh Deploy --model {model} --model-version {stable?.Version ?? "<version>"}";
        if (gateway is null || !gateway.Running)
            problems.Add($"gateway of {model}: {(gateway is null ? "not deployed" : "not running")}, so no request is served; run {restart}.");
        else if (status.RoutingProblem is { } routing)
            problems.Add($"gateway of {model}: {routing}; run {restart}.");

        if (stable is null)
            problems.Add($"stable of {model}: no stable version is deployed; run ./build.sh Deploy --model {model} --model-version <version>.");
        else if (!stable.Running || stable.Health is { Ready: false })
        {
            var what = $"stable {stable.Version} of {model}: {(stable.Running ? $"running but not ready ({stable.Health!.Detail})" : "not running")}";
            var warm = previous is { Running: true, Health.Ready: true };
            problems.Add(warm
                ? $"{what}; the gateway serves previous {previous!.Version} meanwhile. Run ./build.sh Rollback --model {model} to make {previous.Version} stable, " +
                  $"or ./build.sh Deploy --model {model} --model-version {stable.Version} to start {stable.Version} again."
                : $"{what}, and no warm previous version can answer instead; run ./build.sh Deploy --model {model} --model-version {stable.Version} to start it again.");
        }
        return new ProductionHealth(problems);
    }
}
