namespace Pipeline.Deployment.Judge;

/// <summary>Reads <c>rollout.strategy</c>; an unknown name is a configuration error that names the field, the rule and the fix.</summary>
public static class RolloutStrategies
{
    public const string Canary = "canary";
    public const string BlueGreen = "blue-green";
    public const string ShadowThenCanary = "shadow-then-canary";

    public static RolloutStrategy Parse(string? name) => name switch
    {
        Canary => RolloutStrategy.Canary,
        BlueGreen => RolloutStrategy.BlueGreen,
        ShadowThenCanary => RolloutStrategy.ShadowThenCanary,
        _ => throw new ArgumentException(
            $"rollout.strategy: '{name}' is not a rollout strategy (expected {Canary}, {BlueGreen} or {ShadowThenCanary}); " +
            $"set rollout.strategy in model.yaml to one of them."),
    };

    public static string Name(RolloutStrategy strategy) => strategy switch
    {
        RolloutStrategy.BlueGreen => BlueGreen,
        RolloutStrategy.ShadowThenCanary => ShadowThenCanary,
        _ => Canary,
    };
}
