namespace Pipeline.Serving.Monitoring;

/// <summary>What became of one piece of feedback; the order is the gateway's merge priority (a known answer beats "unknown").</summary>
public enum FeedbackStatus
{
    Accepted,
    Duplicate,
    Late,
    Invalid,
    Unknown,
}

/// <summary>The answer for one feedback item, with a message that names the rule and the fix.</summary>
public sealed record FeedbackResult(string? Id, FeedbackStatus Status, string Message, string? Version = null);
