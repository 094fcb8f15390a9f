namespace Pipeline.Serving.Model;

/// <summary>How a feature column reaches the model: a float32 value or a string category.</summary>
public enum FeatureKind
{
    Numeric,
    Categorical,
}
