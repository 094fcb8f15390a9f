using System.Diagnostics;
using Pipeline.Packaging.Base;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Publishing;
using Pipeline.Packaging.Registry;
using Pipeline.Packaging.Validation;

namespace Pipeline.Packaging.Release;

/// <summary>
/// PackageImage end to end: publish the model server (cached), resolve the base, write the reproducible image,
/// prove it in Docker when an engine answers, push it by digest when asked.
/// </summary>
public sealed class ImageRelease(DockerEngineClient docker, TimeProvider time)
{
    public const string ServerExecutable = "Pipeline.Serving";

    /// <summary>
    /// Publishes the model server self-contained from <paramref name="sourceRoot"/>/src (cached by a hash of its sources under
    /// <paramref name="cacheDirectory"/>/publish): the one build a run measures, packages and starts.
    /// </summary>
    public static Task<ServerPublisher.Published> PublishServerAsync(string sourceRoot, string cacheDirectory, CancellationToken ct = default)
    {
        var src = Path.Combine(sourceRoot, "src");
        return ServerPublisher.PublishAsync(new ServerPublishOptions
        {
            ProjectFile = Path.Combine(src, ServerExecutable, ServerExecutable + ".csproj"),
            RepositoryRoot = sourceRoot,
            SourceDirectories = ProjectClosure(Path.Combine(src, ServerExecutable, ServerExecutable + ".csproj")),
            CacheDirectory = Path.Combine(cacheDirectory, "publish"),
        }, ct);
    }

    /// <summary>The folders of a project and of every project it references, transitively (what the server's publish needs and its
    /// cache hashes): a new reference of the server is picked up without a list to keep in step.</summary>
    public static List<string> ProjectClosure(string projectFile)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(Path.GetDirectoryName(project)!) || !File.Exists(project)) continue;
            var xml = System.Xml.Linq.XDocument.Load(project);
            foreach (var reference in xml.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
                if (reference.Attribute("Include")?.Value is { Length: > 0 } include)
                    pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', '/'))));
        }
        return [.. seen];
    }

    public async Task<ImageReleaseResult> RunAsync(ImageReleaseRequest request, CancellationToken ct = default)
    {
        var started = time.GetTimestamp();
        var published = request.Server ?? await PublishServerAsync(request.RepositoryRoot, request.CacheDirectory, ct);
        var publishSeconds = time.GetElapsedTime(started).TotalSeconds;

        var packageStarted = time.GetTimestamp();
        ModelImagePackager.CheckOnnxRuntime(published.Directory, required: true);
        var layers = new LayerWriter(Path.Combine(request.CacheDirectory, "layers"));
        using var registry = new RegistryClient(request.Credentials);
        var baseImage = await BaseImageResolver.ResolveAsync(request.BaseImage, new OfflineBaseOptions
        {
            ElfFiles = [.. Directory.EnumerateFiles(published.Directory, "*.so").Order(StringComparer.Ordinal),
                Path.Combine(published.Directory, ServerExecutable)],
            AppDirectories = [published.Directory],
        }, layers, registry, Path.Combine(request.CacheDirectory, "blobs"), ct);
        var tag = $"{request.Repository}:{request.Labels.Version}";
        var server = Path.Combine(published.Directory, ServerExecutable);
        IReadOnlyList<string>? healthcheck = HealthcheckSupport.Probe(server) ? null : [];
        var image = new ModelImagePackager(layers).Package(new ModelImageRequest
        {
            AppDirectory = published.Directory,
            AppExecutable = ServerExecutable,
            ModelFile = request.OnnxFile,
            ModelConfigFile = request.ModelConfigFile,
            ModelFiles = request.ModelFiles,
            Labels = request.Labels,
            Tag = tag,
            Port = request.Port,
            HealthcheckCommand = healthcheck,
        }, baseImage, Path.Combine(request.OutputDirectory, $"{request.Repository.Replace('/', '_')}-{request.Labels.Version}.tar"));
        var packageSeconds = time.GetElapsedTime(packageStarted).TotalSeconds;

        ContainerValidation? validation = null;
        if (request.ValidateInContainer)
            validation = await new ContainerValidator(docker, time).ValidateAsync(image, request.Validation with { ContainerPort = request.Port, GrpcContainerPort = request.Validation.GrpcContainerPort ?? 8081 }, ct);

        ImageReference? pushed = null;
        if (request.PushTo is { } target && (validation is null || validation.Verdict.Passed))
            pushed = await registry.PushAsync(image.Image, ImageReference.Parse(target) with { Tag = request.Labels.Version }, ct);

        return new ImageReleaseResult
        {
            Image = image, Validation = validation, Pushed = pushed, PublishFromCache = published.FromCache,
            PublishSeconds = publishSeconds, PackageSeconds = packageSeconds, HasHealthcheck = healthcheck is null,
        };
    }
}
