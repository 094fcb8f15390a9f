using Pipeline.Build;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Dependency.Generation;
using Pipeline.Dependency.Lineage;
using Pipeline.Dependency.Packing;
using Pipeline.Registry.Usage;
using Pipeline.Registry.Versions;

partial class Build
{
    [Parameter("PackageNuGet: folder the .nupkg is written to, usable as a local NuGet feed (default: .artifacts/nuget)", Name = "nuget-output")]
    readonly string? NuGetOutput;

    [Parameter("PackageNuGet: package id and namespace prefix; the package is <prefix>.<PascalModel>", Name = "nuget-prefix")]
    readonly string NuGetPrefix = "Pipeline.Models";

    Target PackageNuGet => _ => _
        .Description("Write a NuGet package of the production version of --model (or --model-version): its ONNX file, contract, metadata and a typed predictor (Predict / PredictBatch) on ONNX Runtime")
        .Executes(async ctx =>
        {
            var config = Config;
            var contractFile = Layout.ContractFile(config.Data.Contract);
            var contract = DataContractLoader.Load(contractFile);
            await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
            var version = await ScoredVersionAsync(registry, ctx.CancellationToken);
            if (!ctx.Store.Exists(version.ModelDigest))
                throw new Pipeline.Core.Errors.UserInputException(
                    $"PackageNuGet: the ONNX file of {Model} {version.Version} ({version.ModelDigest}) is not in the artifact store {Layout.ArtifactsDirectory}; the package carries exactly the digest the gates passed. " +
                    "Fix: run the release that registered it here, or point PIPELINE_ARTIFACTS at its store");

            var result = ModelPackager.Write(new ModelPackageRequest
            {
                Source = new PredictorSource
                {
                    Config = config, Contract = contract, OnnxFile = ctx.Store.PathOf(version.ModelDigest), Version = version.Version,
                    ModelDigest = version.ModelDigest, MetricsJson = version.MetricsJson, PackagePrefix = NuGetPrefix,
                },
                VersionNumber = version.Number,
                ModelConfigFile = ModelFile,
                ContractFile = contractFile,
                Lineage = PackageLineageOf(version),
                OutputDirectory = NuGetOutput is { Length: > 0 } o ? Layout.Resolve(o) : Path.Combine(Layout.ArtifactsDirectory, "nuget"),
                Authors = Actor,
            });
            ctx.Write(Outputs.NuGetPackage, ctx.Store.PutFile(result.Path, Outputs.NuGetPackage.MediaType));
            await PatternUses.RecordAsync(registry, Model, new PatternUse
            {
                Pattern = "nuget", Version = version.Version, ModelDigest = version.ModelDigest, Where = result.Path,
                Detail = $"{result.Id} {result.Version}, {result.Size / 1024.0:0} KiB, {result.Digest[..19]}",
            }, Actor, ctx.RunId, ctx.CancellationToken);
            Log.Information($"PackageNuGet: {result.Id} {result.Version} ({Model} {version.Version}, {version.ModelDigest[..19]}) → {result.Path}");
            Log.Information($"  use it: dotnet add package {result.Id} --version {result.Version} --source {Path.GetDirectoryName(result.Path)}");
            ctx.Note($"{result.Id} {result.Version}");
        });

    /// <summary>The version's lineage with the verdicts every gate recorded on exactly its model digest (or why a gate has none).</summary>
    PackageLineage PackageLineageOf(ModelVersion version)
    {
        var runs = new ManifestStore(Store, Masker).ReadAll().Where(r => r.Scope is null || r.Scope == Model).ToList();   // newest first
        var commit = version.Lineage.Commit ?? (runs.FirstOrDefault(r => r.RunId == version.Lineage.RunId) is { GitCommit: { } c } run
            ? c + (run.GitDirty ? "-dirty" : "") : null);
        var gates = new[] { (nameof(EvaluateGate), Outputs.AcceptedModel), (nameof(BenchmarkGate), Outputs.MeasuredModel) }.Select(g =>
        {
            if (version.Lineage.Parameters.TryGetValue($"skipped.{g.Item1}", out var reason))
                return new GateOutcome { Gate = g.Item1, Outcome = "skipped", Reason = reason };
            var judged = runs.SelectMany(r => r.Targets.Where(t => t.Name == g.Item1 && t.Status == TargetStatus.Succeeded
                        && t.Outputs.TryGetValue(g.Item2.Name, out var m) && m.Digest == version.ModelDigest
                        && t.Outputs.ContainsKey(Outputs.VerdictOf(g.Item1).Name)).Select(t => (Run: r, Target: t)))
                .FirstOrDefault();
            if (judged.Target is null) return new GateOutcome { Gate = g.Item1, Outcome = "not recorded in this store" };
            var verdict = Store.ReadJson<Verdict>(judged.Target.Outputs[Outputs.VerdictOf(g.Item1).Name]);
            return new GateOutcome
            {
                Gate = g.Item1, Outcome = verdict.ForceAcceptedReason is null ? verdict.Outcome.ToString().ToLowerInvariant() : "fail, force-accepted",
                Checks = verdict.Checks.Count, Failed = verdict.Failures.Count(), RunId = judged.Target.ReusedFromRun ?? judged.Run.RunId, Reason = verdict.ForceAcceptedReason,
            };
        }).ToList();
        return new PackageLineage { Commit = commit, DataDigest = version.Lineage.DataDigest, RunId = version.Lineage.RunId, Gates = gates };
    }
}
