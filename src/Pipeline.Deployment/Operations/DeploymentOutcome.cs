namespace Pipeline.Deployment.Operations;

/// <summary>Result of a deployment operation: what happened, or why nothing changed (with the failed instance's last log lines).</summary>
public sealed record DeploymentOutcome(bool Succeeded, string Message, IReadOnlyList<string> LogTail)
{
    public static DeploymentOutcome Ok(string message) => new(true, message, []);

    public static DeploymentOutcome Failed(string message, IReadOnlyList<string>? logTail = null) => new(false, message, logTail ?? []);
}
