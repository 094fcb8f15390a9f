using Pipeline.Build;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Card;
using Pipeline.Evaluation.Gate;
using Pipeline.Evaluation.Scoring;
using Pipeline.Onnx.Scoring;
using Pipeline.Registry.Aliases;
using Pipeline.Training.Datasets;

partial class Build
{
    [Parameter("Accept a failed EvaluateGate anyway; the reason is recorded in the verdict, the model card and the run manifest", Name = "force-accept")]
    readonly string? ForceAccept;

    Target EvaluateGate => _ => _
        .Description("Score the holdout with ONNX Runtime; judge metrics, segments, output sanity and non-inferiority against the champion")
        .DependsOn(Train, Import)
        .Inputs(ctx =>
        {
            var config = Config;
            var champion = FindChampion(ctx, CandidateModel(ctx).Digest);
            return TargetInputs.Files(ModelDataset.EnsureFile(Layout, config), ModelFile)
                .Parameter("model", Model)
                .Parameter("candidate", CandidateModel(ctx).Digest)
                .Parameter("champion", champion?.Digest ?? "none")
                .Parameter("force-accept", ForceAccept);
        })
        .Executes(ctx =>
        {
            var config = Config;
            var candidate = CandidateModel(ctx);
            var dataset = ModelDataset.Load(Layout, config);
            var champion = FindChampion(ctx, candidate.Digest);
            var subject = $"{config.Name} {candidate.Digest[..19]}";
            var notes = new List<string>();
            EvaluationReport report;
            try
            {
                report = HoldoutEvaluation.Evaluate(dataset, ctx.Store.PathOf(candidate), subject,
                    champion is null ? null : new ChampionModel(champion.Value.Name, ctx.Store.PathOf(champion.Value.Digest), config.Features), ForceAccept);
            }
            catch (ModelMappingException e) when (champion is not null && !e.Model.Contains(candidate.Digest[7..], StringComparison.Ordinal))
            {
                // The champion no longer fits today's feature mapping: say so, judge on absolute thresholds.
                notes.Add($"champion {champion.Value.Name} could not be scored with the current features mapping ({e.Message}); absolute thresholds only");
                report = HoldoutEvaluation.Evaluate(dataset, ctx.Store.PathOf(candidate), subject, null, ForceAccept);
            }
            if (notes.Count > 0) report = report with { Verdict = report.Verdict with { Notes = [.. notes, .. report.Verdict.Notes] } };

            // Only the producer this model's source selects: a model switched from train to import has no training report.
            var trainingReport = CandidateProducer == Outputs.TrainedModel ? ctx.TryRead(Outputs.TrainingReport) : null;
            var lineage = ModelCardLineage.From(ctx.RunId, config.Source.Kind, trainingReport, champion);
            var profile = ctx.TryUpstream(Outputs.DataProfile, out var p) ? [$"Data profile artifact: `{p.Digest}`"] : Array.Empty<string>();
            var card = ModelCardWriter.Render(new ModelCardInput
            {
                Config = config,
                Evaluation = report,
                ModelDigest = candidate.Digest,
                DataDigest = dataset.DataDigest,
                SplitDescription = dataset.Split.Description,
                TrainingRows = trainingReport?.TrainingRows ?? dataset.Split.Train.Length,
                ProfileSummary = profile,
                Lineage = lineage,
            });
            ctx.Write(Outputs.EvaluationReport, report);
            ctx.Write(Outputs.ModelCard, ctx.Store.PutText(card, Outputs.ModelCard.MediaType));
            if (report.Verdict.Passed) ctx.Write(Outputs.AcceptedModel, candidate);
            if (report.TaskMetrics is { } tm)
                ctx.Note(string.Join(", ", tm.Metrics.Take(3).Select(x => $"{x.Name} {x.Value:0.0000} [{x.Lower:0.0000}, {x.Upper:0.0000}]")) + $" on {tm.Rows} rows" +
                         (report.TaskChampion is { } tc ? $", {tc.Metric} {tc.Difference:+0.0000;-0.0000} vs champion" : ", no champion"));
            else if (report.Overall is { Auc: { } auc } m)
                ctx.Note($"AUC {auc:0.0000} [{m.AucLower:0.0000}, {m.AucUpper:0.0000}] on {m.Rows} rows" +
                         (report.Champion is { } c ? $", {c.Difference:+0.0000;-0.0000} vs champion" : ", no champion"));
            if (report.Verdict.ForceAcceptedReason is { } reason && report.Verdict.Outcome == CheckOutcome.Fail)
                Log.Warning($"EvaluateGate failed but was force-accepted: {reason}");
            ctx.Report(report.Verdict);
        });

    /// <summary>The output that holds the candidate: Import's model for <c>source.kind: import</c>, else Train's (built-in or external).</summary>
    BlobOutput CandidateProducer => Config.Source.Kind == "import" ? Outputs.ImportedModel : Outputs.TrainedModel;

    /// <summary>The model to judge, from the producer model.yaml selects (never the other one, never another model's run).</summary>
    ArtifactRef CandidateModel(TargetContext ctx) => ctx.Upstream(CandidateProducer);

    /// <summary>
    /// The champion: the registry's production version of --model when it has one (its model blob must be in the artifact store);
    /// otherwise the last model EvaluateGate accepted for --model in an earlier run. Null when there is none, or it is the candidate itself.
    /// </summary>
    (string Name, string Digest)? FindChampion(TargetContext ctx, string candidateDigest)
    {
        var production = ProductionVersion(ctx);
        if (production is { } prod)
        {
            if (!ctx.Store.Exists(prod.Digest))
                throw new InvalidOperationException(
                    $"the registry's production version of {Model} ({prod.Name}, {prod.Digest}) is not in the artifact store {ctx.Store.Root}; " +
                    "restore that blob (e.g. from CI artifacts) so the champion can be scored on the same rows, or pass --force-accept \"reason\" after reviewing");
            return prod.Digest == candidateDigest ? null : prod;
        }
        foreach (var (runId, accepted) in ctx.EarlierOutputs(Outputs.AcceptedModel))
            if (accepted.Digest != candidateDigest)
                return ($"{Model} {accepted.Digest[..19]} (last accepted, run {runId})", accepted.Digest);
        return null;
    }

    (string Name, string Digest)? ProductionVersion(TargetContext ctx)
    {
        var registry = OpenRegistryAsync(ctx.CancellationToken).GetAwaiter().GetResult();
        try
        {
            var version = registry.GetAliasAsync(Model, AliasNames.Production, ctx.CancellationToken).GetAwaiter().GetResult();
            return version is null ? null : ($"{Model} {version.Version} (production)", version.ModelDigest);
        }
        finally
        {
            registry.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
