using Pipeline.Core.Features;

namespace Pipeline.Onnx.Import;

/// <summary>Golden inputs with the probabilities the model must reproduce within rtol/atol.</summary>
public sealed record GoldenData(FeatureBatch Inputs, float[] Expected, double Rtol, double Atol);
