using Pipeline.Benchmarking.Gate;
using Pipeline.Build;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Profiling;
using Pipeline.Deployment.Release;
using Pipeline.Evaluation.Gate;
using Pipeline.Packaging.Release;
using Pipeline.Reports.Canary;

namespace Pipeline.Reports.Run;

/// <summary>Everything one run's report shows; each part is null when the run (and the runs it reused) did not produce it.</summary>
public sealed record RunReportInput
{
    public required RunManifest Manifest { get; init; }

    /// <summary>The model the run was for.</summary>
    public string? Model { get; init; }

    /// <summary>Each gate's verdict by target, in plan order.</summary>
    public IReadOnlyList<(string Target, Verdict Verdict)> Verdicts { get; init; } = [];

    public DatasetProfile? Profile { get; init; }

    /// <summary>The profile drift was tested against; null on a first run.</summary>
    public DatasetProfile? Baseline { get; init; }

    public EvaluationReport? Evaluation { get; init; }
    public BenchmarkReport? Benchmark { get; init; }
    public ImageRecord? Image { get; init; }
    public ReleaseRecord? Release { get; init; }

    /// <summary>The judge's decisions of this run's rollout, oldest first (registry events).</summary>
    public IReadOnlyList<RolloutDecision> Decisions { get; init; } = [];

    /// <summary>The live release page of the deployment, when one runs.</summary>
    public string? LivePageUrl { get; init; }
}
