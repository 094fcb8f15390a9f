namespace Pipeline.Build;

/// <summary>The ordered targets of one run, and which of them are skipped.</summary>
internal sealed record ExecutionPlan(IReadOnlyList<TargetDefinition> Targets, IReadOnlySet<TargetDefinition> Skipped, IReadOnlyList<TargetDefinition> Invoked);
