using Pipeline.Core.Features;
using Pipeline.Core.Models;

namespace Pipeline.Deployment.Release;

/// <summary>One release of a registered version: where its files are, the rollout policy, and the traffic to judge it on.</summary>
public sealed record ReleaseRequest
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required string ModelFile { get; init; }
    public required string ConfigFile { get; init; }
    public string? Image { get; init; }
    public required RolloutPolicy Policy { get; init; }

    /// <summary>Rows replayed through the gateway during the rollout; null when real users are the traffic (<c>--traffic none</c>).</summary>
    public FeatureBatch? ReplayRows { get; init; }

    /// <summary>The 0/1 label of each replay row (model.yaml <c>data.label</c>); with them online quality is judged, without it is reported as not judged.</summary>
    public IReadOnlyList<float>? ReplayLabels { get; init; }

    /// <summary>What the model predicts: decides how labelled answers are scored (log loss, true-class log loss, squared error).</summary>
    public ModelTask Task { get; init; } = ModelTask.Binary;

    /// <summary>Prediction histogram bounds of the task (server and gateway), e.g. training-label quantiles for regression; null: probability buckets.</summary>
    public IReadOnlyList<double>? ScoreBuckets { get; init; }

    /// <summary>Shadow disagreement tolerance in the prediction's units; null: 0.05.</summary>
    public double? ShadowTolerance { get; init; }

    /// <summary>Regression: the largest tolerated online squared-error increase (label units²).</summary>
    public double? MaxSquaredErrorIncrease { get; init; }

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public required string Actor { get; init; }
    public required string RunId { get; init; }
}
