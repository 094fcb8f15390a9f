namespace Pipeline.Ci.Tests.Support;

/// <summary>One request the fake GitHub received: method, path, the headers the client must send, and the body as text.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? Accept, string? ApiVersion, string? UserAgent, string? ContentType, string Body);
