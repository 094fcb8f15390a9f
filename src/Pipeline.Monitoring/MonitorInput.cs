using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;
using Pipeline.Monitoring.Live;

namespace Pipeline.Monitoring;

/// <summary>What the Monitor judges for the production version of a model.</summary>
public sealed record MonitorInput
{
    public required ModelConfig Config { get; init; }
    public required DataContract Contract { get; init; }
    public required string Version { get; init; }
    public required LiveTraffic Traffic { get; init; }

    /// <summary>Profile of the production version's training data (ValidateData's artifact); null skips input drift with a note.</summary>
    public DatasetProfile? TrainingProfile { get; init; }

    /// <summary>The accepted model's predictions on its holdout, with labels and segment values: EvaluateGate's reference.</summary>
    public required HoldoutReference Holdout { get; init; }

    /// <summary>Scratch space for the live profile.</summary>
    public required string WorkDirectory { get; init; }
}

/// <summary>The production model's scores on the holdout rows, their labels and the segment columns' values.</summary>
public sealed record HoldoutReference(float[] Scores, float[] Labels, IReadOnlyDictionary<string, string?[]> Segments);

/// <summary>Builds the holdout reference the way EvaluateGate scores: the model's dataset split, ONNX Runtime on the holdout rows.</summary>
public static class HoldoutReferences
{
    public static HoldoutReference Compute(Pipeline.Training.Datasets.ModelDataset dataset, string onnxPath)
    {
        var scores = Pipeline.Evaluation.Scoring.HoldoutScorer.Score(onnxPath, dataset.Config.Features, dataset.HoldoutBatch());
        var segments = dataset.Config.Evaluation.Segments.Select(s => s.Column).Distinct(StringComparer.Ordinal)
            .ToDictionary(c => c, dataset.HoldoutText, StringComparer.Ordinal);
        return new HoldoutReference(scores, dataset.HoldoutLabels(), segments);
    }
}
