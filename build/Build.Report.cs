using Pipeline.Build;
using Pipeline.Core.Verdicts;
using Pipeline.Reports.Canary;
using Pipeline.Reports.Run;

partial class Build
{
    /// <summary>.artifacts/reports/: one self-contained HTML report per run of a pipeline stage.</summary>
    string ReportsDirectory => Path.Combine(Layout.ArtifactsDirectory, "reports");

    RunReportSink? _runReport;

    /// <summary>Writes the run's HTML report when the run finishes (after the manifest), and prints its path under the summary.</summary>
    IVerdictSink RunReport => _runReport ??= new RunReportSink(this);

    /// <summary>The report's inputs, read from the finished run's manifest: each typed output of this run (or the run it reused).</summary>
    RunReportInput? ReportInput(RunManifest manifest)
    {
        T? Read<T>(JsonOutput<T> output) where T : class =>
            Find(output.Target, output.Name) is { } a ? Store.ReadJson<T>(a) : null;
        ArtifactRef? Find(string target, string name) =>
            manifest.Targets.FirstOrDefault(t => t.Name == target)?.Outputs.TryGetValue(name, out var a) == true && Store.Exists(a) ? a : null;
        Pipeline.Data.Profiling.DatasetProfile? Profile(BlobOutput output) =>
            Find(output.Target, output.Name) is { } a ? Pipeline.Data.Profiling.ProfileJson.Deserialize(Store.ReadText(a)) : null;

        var input = new RunReportInput
        {
            Manifest = manifest,
            Model = Model,
            Verdicts = Gates.Append(nameof(PackageImage)).Append(nameof(DeployCanary))
                .Select(g => (Target: g, Verdict: Read(Outputs.VerdictOf(g)))).Where(v => v.Verdict is not null)
                .Select(v => (v.Target, v.Verdict!)).ToList(),
            Profile = Profile(Outputs.DataProfile),
            Baseline = Profile(Outputs.BaselineProfile),
            Evaluation = Read(Outputs.EvaluationReport),
            Benchmark = Read(Outputs.BenchmarkReport),
            Image = Read(Outputs.Image),
            Release = Read(Outputs.Release),
        };
        if (input is { Profile: null, Evaluation: null, Benchmark: null, Image: null, Release: null }) return null;
        // Decisions are read only for a run whose DeployCanary ran; a reused release record belongs to its own run's report.
        if (input.Release is null || !manifest.Targets.Any(t => t.Name == nameof(DeployCanary) && t.Status is TargetStatus.Succeeded or TargetStatus.Failed))
            return input;
        return input with { Decisions = RolloutDecisions(manifest.RunId), LivePageUrl = input.Release.Endpoint is { } e ? e.TrimEnd('/') + "/release" : null };
    }

    /// <summary>The judge's decisions this run recorded in the registry, oldest first.</summary>
    IReadOnlyList<RolloutDecision> RolloutDecisions(string runId)
    {
        var registry = OpenRegistryAsync(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            return registry.ListEventsAsync(Model, 500).GetAwaiter().GetResult()
                .Where(e => e.RunId == runId && e.Action is Pipeline.Deployment.Canary.RegistryRolloutJournal.DecisionAction or Pipeline.Registry.Events.DeploymentActions.CanaryInconclusive)
                .OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => RolloutDecision.FromEvent(e.At, e.Action, e.Reason, e.EvidenceJson)).ToList();
        }
        finally
        {
            (registry as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    sealed class RunReportSink(Build build) : IVerdictSink
    {
        public void OnVerdict(string target, Verdict verdict, ArtifactRef report)
        {
        }

        public void OnRunFinished(RunManifest manifest)
        {
            if (build.ReportInput(manifest) is not { } input) return;
            var path = RunReportWriter.Write(input, build.ReportsDirectory);
            Log.Information($"report: {Path.GetRelativePath(build.RootDirectory, path)} (open it in a browser; self-contained)");
            if (input.LivePageUrl is { } live) Log.Information($"live release page: {live}");
        }
    }
}
