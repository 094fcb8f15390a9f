using System.Globalization;
using Pipeline.Build;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Tables;
using Pipeline.Onnx.Scoring;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Registry;
using Pipeline.Packaging.Release;
using Pipeline.Packaging.Validation;

partial class Build
{
    [Parameter("Base of the model image: \"offline\" (assembled from this machine's runtime libraries) or a registry reference (host:port/repo:tag or @sha256:…)",
        Name = "base-image")]
    readonly string BaseImage = BaseImageResolver.Offline;

    [Parameter("Push the model image by digest to this registry repository (host:port/repo); credentials from PIPELINE_REGISTRY_USERNAME/PASSWORD",
        Name = "image-registry")]
    readonly string? ImageRegistry;

    [Parameter("Image version (tag and org.opencontainers.image.version); default: the commit's first 12 hex digits", Name = "image-version")]
    readonly string? ImageVersion;

    [Parameter("Do not prove the image in Docker (PackageImage)", Name = "skip-container-validation")]
    readonly bool SkipContainerValidation;

    /// <summary>Rows sent to the containerised server and compared with in-process ONNX Runtime.</summary>
    const int GoldenRows = 32;

    Target PackageImage => _ => _
        .Description("Write the reproducible model image (base + server + model layers), prove it in Docker, push it by digest (--image-registry)")
        .DependsOn(BenchmarkGate)
        .Executes(async ctx =>
        {
            var config = Config;
            var model = ReleaseModel(ctx);
            var onnx = ctx.Store.PathOf(model);
            var revision = GitRevision.Read(RootDirectory);
            var created = CommitTime.Read(RootDirectory);
            var labels = new ImageLabels
            {
                Title = config.Name,
                Version = ImageVersion ?? (revision.Length >= 12 && revision != "unknown" ? revision[..12] : "dev"),
                Revision = revision,
                Created = created,
                Source = Environment.GetEnvironmentVariable("GITHUB_SERVER_URL") is { Length: > 0 } server
                    ? $"{server}/{Environment.GetEnvironmentVariable("GITHUB_REPOSITORY")}" : RootDirectory,
                ModelDigest = model.Digest,
                DataDigest = Layout.Resolve(config.Data.Path) is var data && File.Exists(data) ? Pipeline.Training.Datasets.ModelDataset.Digest(data) : null,
                ContractVersion = config.Data.Contract,
                GateResults = GateLabels(ctx),
            };

            using var docker = DockerEngineClient.FromEnvironment();
            var result = await new ImageRelease(docker, TimeProvider.System).RunAsync(new ImageReleaseRequest
            {
                RepositoryRoot = SourceDirectory,
                Server = await ModelServerAsync(ctx.CancellationToken),
                OnnxFile = onnx,
                ModelConfigFile = ModelFile,
                Labels = labels,
                Repository = $"pipeline/{config.Name}",
                BaseImage = BaseImage,
                PushTo = ImageRegistry,
                Credentials = RegistryCredentials.FromEnvironment(),
                CacheDirectory = PackagingCacheDirectory,
                OutputDirectory = ctx.TemporaryDirectory,
                ValidateInContainer = !SkipContainerValidation,
                Validation = new ContainerValidationOptions { GoldenRequests = GoldenRequests(config, onnx) },
            }, ctx.CancellationToken);

            var image = result.Image;
            ctx.Write(Outputs.ImageArchive, ctx.Store.PutFile(image.ArchivePath, Outputs.ImageArchive.MediaType));
            ctx.Write(Outputs.Image, ImageRecord.From(result, model.Digest));
            ctx.Note($"{image.Digest[..19]} {image.CompressedSize / 1e6:0.0} MB{(result.Pushed is { } p ? $" pushed {p}" : "")}");
            Log.Information($"PackageImage: {image.Tag} {image.Digest} ({image.CompressedSize / 1e6:0.0} MB compressed); " +
                            $"publish {result.PublishSeconds:0.0} s{(result.PublishFromCache ? " (cached)" : "")}, package {result.PackageSeconds:0.0} s");
            if (!result.HasHealthcheck)
                Log.Warning("PackageImage: Pipeline.Serving has no --healthcheck mode, so the image carries no Docker HEALTHCHECK (there is no curl in it)");
            if (result.Validation is { } validation)
                ctx.Report(validation.Verdict);
            else
                Log.Warning("PackageImage: container validation skipped (--skip-container-validation)");
        });

    /// <summary>
    /// The model a release carries: the candidate of model.yaml's source, which EvaluateGate must have accepted and BenchmarkGate
    /// measured (in this run, or an earlier run of this model with the same digest); a gate left out with --skip and a reason is logged.
    /// </summary>
    ArtifactRef ReleaseModel(TargetContext ctx)
    {
        var candidate = CandidateModel(ctx);
        foreach (var (output, what) in new[] { (Outputs.AcceptedModel, "accepted by EvaluateGate"), (Outputs.MeasuredModel, "measured by BenchmarkGate") })
        {
            if (SkippedTargets.Contains(output.Target))
            {
                Log.Warning($"{ctx.Name}: {output.Target} was skipped ({SkipReason}); the release records it");
                continue;
            }
            var judged = ctx.Upstream(output);
            ModelIdentity.Require(ctx.Name, $"the model {what}", judged.Digest, $"the candidate ({CandidateProducer.Target} output)", candidate.Digest);
        }
        return candidate;
    }

    /// <summary>The gates' verdicts (or skip reasons) of this release as image labels.</summary>
    Dictionary<string, string> GateLabels(TargetContext ctx) =>
        Pipeline.Packaging.Images.GateLabels.From(new[] { nameof(EvaluateGate), nameof(BenchmarkGate) }.Select(gate =>
            SkippedTargets.Contains(gate) ? (gate, (Verdict?)null, SkipReason ?? "") : (gate, ctx.TryRead(Outputs.VerdictOf(gate)), (string?)null)));

    /// <summary>The first rows of the model's data (complete rows preferred), scored in-process; the container must answer the same.</summary>
    IReadOnlyList<GoldenRequest> GoldenRequests(ModelConfig config, string onnx)
    {
        var dataFile = Layout.Resolve(config.Data.Path);
        if (!File.Exists(dataFile))
        {
            Log.Warning($"PackageImage: {config.Data.Path} does not exist; the container is checked for readiness only (run ValidateData to generate it)");
            return [];
        }
        var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
        var table = TableLoader.Load(dataFile, contract, config.Features.AllColumns.ToList());
        var rows = Enumerable.Range(0, Math.Min(GoldenRows, table.RowCount)).ToArray();
        var batch = table.ToFeatureBatch(config.Features, rows);
        using var scorer = ModelScorer.Open(onnx, config.Features);
        return GoldenRequestSet.For(config, batch, scorer.Score(batch));
    }
}
