namespace Pipeline.Serving.Model;

/// <summary>One feature the server accepts: contract column name, kind and the model input it feeds.</summary>
public sealed record FeatureColumn(string Name, FeatureKind Kind, string InputName)
{
    /// <summary>Open Inference Protocol v2 datatype of the column's tensor.</summary>
    public string Datatype => Kind == FeatureKind.Numeric ? "FP32" : "BYTES";
}
