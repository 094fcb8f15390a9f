namespace Pipeline.Deployment.Judge;

/// <summary>One answered request whose true label is known: the score the variant gave and the label (0 or 1).</summary>
public readonly record struct LabelledScore(float Label, float Score);
