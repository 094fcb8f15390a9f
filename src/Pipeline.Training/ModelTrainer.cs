using Pipeline.Training.Datasets;
using Pipeline.Training.External;

namespace Pipeline.Training;

/// <summary>Trains a model as its model.yaml says: the built-in trainer for <c>kind: train</c>, the command for <c>kind: external</c>.</summary>
public static class ModelTrainer
{
    /// <summary>True when this source kind is trained here (<c>import</c> is handled by the Import target instead).</summary>
    public static bool Trains(string sourceKind) => sourceKind is "train" or "external";

    public static TrainedModel Train(ModelDataset dataset, string workDirectory, string repositoryRoot, CancellationToken cancellationToken = default)
    {
        var output = Path.Combine(workDirectory, "model.onnx");
        return dataset.Config.Source.Kind switch
        {
            "train" => BuiltInTrainer.Train(dataset, output, cancellationToken),
            "external" => ExternalTrainer.Train(dataset, Path.Combine(workDirectory, "external"), repositoryRoot, output, cancellationToken: cancellationToken),
            var kind => throw new ArgumentException($"model {dataset.Config.Name}: source.kind '{kind}' is not trained (import models come from the Import target)"),
        };
    }
}
