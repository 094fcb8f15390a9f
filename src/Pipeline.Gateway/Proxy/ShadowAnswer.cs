namespace Pipeline.Gateway.Proxy;

/// <summary>What the canary answered to a shadow copy; recorded and compared, never sent to the client.</summary>
internal readonly record struct ShadowAnswer(bool Succeeded, float[] Scores);
