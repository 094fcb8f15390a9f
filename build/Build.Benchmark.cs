using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;
using Pipeline.Build;
using Pipeline.Training.Datasets;

partial class Build
{
    Target BenchmarkGate => _ => _
        .Description("Run the real model server with the candidate and the champion (ABAB rounds); judge p99 at the policy rate, memory, start-up and regression")
        .DependsOn(EvaluateGate)
        .Inputs(ctx =>
        {
            var candidate = CandidateModel(ctx);
            return TargetInputs.Files(ModelFile)
                .Parameter("model", Model)
                .Parameter("candidate", candidate.Digest)
                .Parameter("champion", FindChampion(ctx, candidate.Digest)?.Digest ?? "none");
        })
        .Executes(async ctx =>
        {
            var config = Config;
            var candidate = CandidateModel(ctx);
            var champion = FindChampion(ctx, candidate.Digest);
            var server = await ModelServerExecutableAsync(ctx.CancellationToken);
            var rows = ModelDataset.Load(Layout, config).HoldoutBatch();
            ServerLaunch Launch(string label, string digest) => ServerLaunch.ForPipelineServing(label, server, ctx.Store.PathOf(digest), ModelFile,
                config.Name, digest[7..19], label) with { WorkingDirectory = RootDirectory };

            var report = await new Pipeline.Benchmarking.Gate.BenchmarkGate(progress: line => Log.Information($"BenchmarkGate: {line}")).RunAsync(new Pipeline.Benchmarking.Gate.BenchmarkPlan
            {
                Subject = $"{config.Name} {candidate.Digest[..19]}",
                Candidate = Launch("candidate", candidate.Digest),
                Champion = champion is { } c ? Launch("champion", c.Digest) : null,
                RequestBodies = PredictBodies.FromBatch(rows.Slice(0, Math.Min(rows.Rows, 512)), rowsPerRequest: 1, maxBodies: 512),
                Policy = config.Benchmark,
            }, ctx.CancellationToken);

            ctx.Write(Outputs.BenchmarkReport, report with { Svg = "" });
            ctx.Write(Outputs.LatencyHistogram, ctx.Store.PutText(report.Svg, Outputs.LatencyHistogram.MediaType));
            ctx.Write(Outputs.MeasuredModel, candidate);
            if (report.Candidate is { } m)
                ctx.Note($"p99 {m.OpenLoopLatency.P99Ms:0.0} ms at {config.Benchmark.RatePerSecond}/s" +
                         (report.Cost is { } r ? $", CPU {r.RegressionPercent:+0;-0} % vs champion ({r.Rounds} rounds)" : ", no champion") +
                         (m.PeakRssMb is { } rss ? $", {rss:0} MB" : ""));
            ctx.Report(report.Verdict);
        });
}
