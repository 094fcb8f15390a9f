using System.Globalization;
using Pipeline.Build;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Tables;
using Pipeline.Onnx.Acquisition;
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

    [Parameter("Package this ONNX file instead of the Train/Import output (the gates still run on the trained model)", Name = "onnx")]
    readonly string? OnnxFile;

    [Parameter("Do not prove the image in Docker (PackageImage)", Name = "skip-container-validation")]
    readonly bool SkipContainerValidation;

    /// <summary>Rows sent to the containerised server and compared with in-process ONNX Runtime.</summary>
    const int GoldenRows = 32;

    Target PackageImage => _ => _
        .Description("Write the reproducible model image (base + server + model layers), prove it in Docker, push it by digest (--image-registry)")
        .DependsOn(BenchmarkGate)
        .Executes(async ctx =>
        {
            var config = ModelConfigLoader.Load(Layout, Model);
            var onnx = ResolveOnnx(ctx);
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
                ModelDigest = Pipeline.Packaging.Oci.OciJson.Digest(File.ReadAllBytes(onnx)),
                DataDigest = Layout.Resolve(config.Data.Path) is var data && File.Exists(data) ? Sha256(data) : null,
                ContractVersion = config.Data.Contract,
                GateResults = GateLabels(ctx),
            };

            using var docker = DockerEngineClient.FromEnvironment();
            var result = await new ImageRelease(docker, TimeProvider.System).RunAsync(new ImageReleaseRequest
            {
                RepositoryRoot = RootDirectory,
                OnnxFile = onnx,
                ModelConfigFile = ModelFile,
                Labels = labels,
                Repository = $"pipeline/{config.Name}",
                BaseImage = BaseImage,
                PushTo = ImageRegistry,
                Credentials = RegistryCredentials.FromEnvironment(),
                CacheDirectory = Path.Combine(Layout.ArtifactsDirectory, "cache", "packaging"),
                OutputDirectory = ctx.TemporaryDirectory,
                ValidateInContainer = !SkipContainerValidation,
                Validation = new ContainerValidationOptions { GoldenRequests = GoldenRequests(config, onnx) },
            }, new OrtLibraryLocator().Locate(), ctx.CancellationToken);

            var image = result.Image;
            ctx.Output("image-archive", ctx.Store.PutFile(image.ArchivePath, "application/vnd.oci.image.layout.v1+tar"));
            ctx.Output("image", ctx.Store.PutJson(new
            {
                digest = image.Digest, imageId = image.ImageId, tag = image.Tag, compressedSize = image.CompressedSize,
                baseImage = image.BaseReference, pushed = result.Pushed?.ToString(), labels = image.Image.Config.Config.Labels,
                layers = image.Image.Layers.Select(l => new { digest = l.Descriptor.Digest, size = l.Descriptor.Size, l.Description }),
            }));
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

    /// <summary>--onnx, else the model Train or Import recorded.</summary>
    string ResolveOnnx(TargetContext ctx)
    {
        if (OnnxFile is { Length: > 0 } explicitFile)
            return File.Exists(Layout.Resolve(explicitFile)) ? Layout.Resolve(explicitFile)
                : throw new FileNotFoundException($"--onnx {explicitFile}: no such file; pass the ONNX model to package", explicitFile);
        foreach (var target in new[] { "Train", "Import" })
            if (ctx.TryUpstream(target, "model", out var model))
                return ctx.Store.PathOf(model);
        throw new InvalidOperationException("PackageImage needs a model: run ./build.sh Train (or Import) first, or pass --onnx <file.onnx>.");
    }

    /// <summary>Key gate results as labels, e.g. io.pipeline.gate.evaluategate.auc = "0.912 (>= 0.80, Pass)".</summary>
    static Dictionary<string, string> GateLabels(TargetContext ctx)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var gate in new[] { "EvaluateGate", "BenchmarkGate" })
        {
            if (!ctx.TryUpstream(gate, $"{gate}-verdict", out var report))
                continue;
            try
            {
                var verdict = ctx.Store.ReadJson<Verdict>(report);
                labels[$"{gate.ToLowerInvariant()}"] = verdict.Outcome.ToString();
                foreach (var check in verdict.Checks.Where(c => c.Outcome != CheckOutcome.Info).Take(8))
                    labels[$"{gate.ToLowerInvariant()}.{Slug(check.Metric)}"] = $"{check.Observed} ({check.Threshold}, {check.Outcome})";
            }
            catch (System.Text.Json.JsonException e)
            {
                Log.Warning($"PackageImage: {gate} verdict {report.Digest[..19]} is unreadable ({e.Message}); its results are not labelled");
            }
        }
        return labels;
    }

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
        var expected = scorer.Score(batch);
        return
        [
            new GoldenRequest
            {
                Path = $"/v2/models/{config.Name}/infer",
                Body = InferenceRequestBuilder.Build(batch, config.Features),
                OutputName = config.Features.ProbabilityOutput,
                Expected = expected.Select(v => (double)v).ToList(),
                RelativeTolerance = config.Golden?.Rtol ?? 1e-4,
                AbsoluteTolerance = config.Golden?.Atol ?? 1e-5,
            },
        ];
    }

    static string Slug(string metric) =>
        new string(metric.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' ? ch : '_').ToArray()).Trim('_');

    static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
