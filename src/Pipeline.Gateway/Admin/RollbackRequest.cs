namespace Pipeline.Gateway.Admin;

/// <summary>Body of <c>POST /admin/rollback</c>.</summary>
public sealed record RollbackRequest(string? Reason = null);
