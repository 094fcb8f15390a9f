using Pipeline.Core.Models;

namespace Pipeline.Evaluation.Scoring;

/// <summary>The model in production (or, until the registry provides one, the last accepted model): its name, ONNX file and input mapping.</summary>
public sealed record ChampionModel(string Name, string OnnxPath, FeatureMapping Mapping);
