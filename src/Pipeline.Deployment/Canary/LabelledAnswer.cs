namespace Pipeline.Deployment.Canary;

/// <summary>One replayed request whose label is known: which version answered (gateway's <c>X-Pipeline-Version</c>), the label and the score.</summary>
public readonly record struct LabelledAnswer(string Version, string Variant, float Label, float Score);
