namespace Pipeline.Gateway.Admin;

/// <summary>Body of <c>POST /admin/canary-weight</c>.</summary>
public sealed record WeightChange(double Weight, string? Reason = null);
