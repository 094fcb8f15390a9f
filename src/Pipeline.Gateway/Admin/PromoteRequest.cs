namespace Pipeline.Gateway.Admin;

/// <summary>Body of <c>POST /admin/promote</c>; <see cref="BakeSeconds"/> keeps the old stable warm as previous for that long.</summary>
public sealed record PromoteRequest(double? BakeSeconds = null, string? Reason = null);
