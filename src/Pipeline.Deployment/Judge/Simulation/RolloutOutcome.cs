namespace Pipeline.Deployment.Judge.Simulation;

/// <summary>How one simulated rollout ended, and after how long (from start, and from fault onset).</summary>
public sealed record RolloutOutcome(JudgeDecision Decision, TimeSpan Duration, TimeSpan? SinceFaultOnset, long CanaryRequests, long TotalRequests);
