namespace Pipeline.Deployment.Judge.Simulation;

/// <summary>How one simulated rollout ended, and after how long (from start, and from fault onset); with the plan made before the first step.</summary>
public sealed record RolloutOutcome(JudgeDecision Decision, TimeSpan Duration, TimeSpan? SinceFaultOnset, long CanaryRequests, long TotalRequests, RolloutPlan? Plan = null);
