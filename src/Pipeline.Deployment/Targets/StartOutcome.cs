namespace Pipeline.Deployment.Targets;

/// <summary>A started instance, or why it did not become ready (with its last log lines); the failed instance is already stopped.</summary>
public sealed record StartOutcome
{
    public RunningInstance? Instance { get; init; }
    public string Message { get; init; } = "";
    public IReadOnlyList<string> LogTail { get; init; } = [];

    public bool Started => Instance is not null;

    public static StartOutcome Ready(RunningInstance instance, string message) => new() { Instance = instance, Message = message };

    public static StartOutcome Failed(string message, IReadOnlyList<string> logTail) => new() { Message = message, LogTail = logTail };
}
