namespace Pipeline.Deployment.Operations;

/// <summary>Who acts, where state lives and how long instances get to become ready.</summary>
public sealed record DeploymentSettings
{
    /// <summary><c>.artifacts/deploy</c>: per model logs, gateway state file and generated token.</summary>
    public required string DeployDirectory { get; init; }

    public string Actor { get; init; } = "pipeline";
    public string RunId { get; init; } = "manual";

    /// <summary>The <c>PIPELINE_GATEWAY_TOKEN</c> secret; null → generated once per model and kept (0600) under the deploy directory.</summary>
    public string? GatewayToken { get; init; }

    /// <summary>Host port of the model's public endpoint; 0 picks a free one.</summary>
    public int GatewayPort { get; init; }

    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a promoted version's predecessor stays warm as <c>previous</c>.</summary>
    public TimeSpan? BakeTime { get; init; }

    /// <summary>Progress lines for the console.</summary>
    public Action<string> Log { get; init; } = _ => { };
}
