namespace Pipeline.Deployment.Targets;

/// <summary>The target picked for <c>--target</c> and the reason, for the console.</summary>
public sealed record TargetChoice(string Kind, string Reason);
