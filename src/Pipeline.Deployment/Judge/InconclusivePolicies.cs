namespace Pipeline.Deployment.Judge;

/// <summary>Reads <c>rollout.onInconclusive</c>; an unknown name is a configuration error that names the field and the fix.</summary>
public static class InconclusivePolicies
{
    public static InconclusivePolicy? TryParse(string? name) => name switch
    {
        "hold" => InconclusivePolicy.Hold,
        "rollback" => InconclusivePolicy.Rollback,
        "promote" => InconclusivePolicy.Promote,
        _ => null,
    };

    public static string Name(InconclusivePolicy policy) => policy.ToString().ToLowerInvariant();

    public static string Error(string? name) =>
        $"rollout.onInconclusive: '{name}' is not an inconclusive policy (expected hold, rollback or promote); set it in model.yaml, e.g. hold.";
}
