namespace Pipeline.Build;

/// <summary>What happened to a target in one run.</summary>
public enum TargetStatus
{
    NotRun,
    Running,
    Succeeded,
    Failed,
    Skipped,
    UpToDate,
}
