namespace Pipeline.Training;

/// <summary>The output of a training run: the ONNX file written and its report.</summary>
public sealed record TrainedModel(string OnnxPath, TrainingReport Report);
