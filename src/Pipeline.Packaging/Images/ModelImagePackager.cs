using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Images;

/// <summary>
/// Builds the model image without a daemon: base layers, an app layer (<c>/app</c>, the server and ONNX Runtime) and
/// a model layer (<c>/model</c>), each a reproducible tar, so a new model changes only the last layer.
/// </summary>
public sealed class ModelImagePackager(LayerWriter layers)
{
    public const string AppRoot = "/app";
    public const string ModelRoot = "/model";
    public const string ReadyPath = "/v2/health/ready";

    public PackagedImage Package(ModelImageRequest request, BaseImage baseImage, string archivePath)
    {
        var executable = Path.Combine(request.AppDirectory, request.AppExecutable);
        if (!File.Exists(executable))
            throw new FileNotFoundException(
                $"Server executable {request.AppExecutable} is not in {request.AppDirectory}; publish the server self-contained for linux-x64 first.", executable);

        var options = new LayerWriteOptions { ModificationTime = request.Labels.Created };

        var app = new LayerContent($"app: {request.AppExecutable}").AddDirectoryTree(request.AppDirectory, "app");
        app.AddFile("app/" + request.AppExecutable, executable, LayerContent.ExecutableMode);
        CheckOnnxRuntime(request.AppDirectory, required: false);

        var model = new LayerContent($"model: {request.Labels.Title} {request.Labels.Version}")
            .AddFile("model/model.onnx", request.ModelFile, LayerContent.FileMode);
        if (request.ModelConfigFile is { } yaml)
            model.AddFile("model/model.yaml", yaml, LayerContent.FileMode);
        foreach (var (name, source) in request.ModelFiles)
            model.AddFile("model/" + name, source, LayerContent.FileMode);

        var appBlob = layers.Write(app, options);
        var modelBlob = layers.Write(model, options);
        var allLayers = baseImage.Layers.Concat([appBlob, modelBlob]).ToList();

        var created = ImageLabels.FormatTime(request.Labels.Created);
        var server = $"{AppRoot}/{request.AppExecutable}";
        var labels = request.Labels.ToDictionary();
        labels[ImageLabels.Prefix + "base"] = baseImage.Reference;
        var env = MergeEnvironment(baseImage.Config.Env ?? [], [
            "HOME=/tmp",
            "TMPDIR=/tmp",
            // No diagnostics IPC socket: with a read-only root the runtime must not need to create files outside /tmp.
            "DOTNET_EnableDiagnostics=0",
            .. request.Environment,
        ]);
        var healthcheck = request.HealthcheckCommand ?? [server, "--healthcheck", "--port", request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var config = new ImageConfig
        {
            Created = created,
            Config = baseImage.Config with
            {
                User = $"{request.Uid}:{request.Uid}",
                Env = env,
                Entrypoint = [server, .. request.ServerArguments ?? ServingArguments(request)],
                Cmd = null,
                WorkingDir = "/tmp",
                ExposedPorts = new(StringComparer.Ordinal)
                {
                    [$"{request.Port}/tcp"] = new EmptyObject(),
                    [$"{request.GrpcPort}/tcp"] = new EmptyObject(),
                },
                Labels = labels,
                StopSignal = "SIGTERM",
                Healthcheck = healthcheck.Count == 0 ? null : new HealthConfig
                {
                    Test = ["CMD", .. healthcheck],
                    Interval = TimeSpan.FromSeconds(10).Ticks * 100,
                    Timeout = TimeSpan.FromSeconds(3).Ticks * 100,
                    StartPeriod = TimeSpan.FromSeconds(10).Ticks * 100,
                    Retries = 3,
                },
            },
            History =
            [
                .. baseImage.History,
                new HistoryEntry { Created = created, CreatedBy = appBlob.Description },
                new HistoryEntry { Created = created, CreatedBy = modelBlob.Description },
            ],
        };
        var image = OciImage.Create(config, allLayers, new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.created"] = created,
            ["org.opencontainers.image.revision"] = request.Labels.Revision,
            ["org.opencontainers.image.version"] = request.Labels.Version,
        });
        ImageArchiveWriter.Write(image, archivePath, [request.Tag], request.Labels.Created);
        return new PackagedImage { Image = image, ArchivePath = archivePath, Tag = request.Tag, BaseReference = baseImage.Reference };
    }

    /// <summary>The Pipeline.Serving command line for the packaged model, listening on all interfaces inside the container.</summary>
    public static IReadOnlyList<string> ServingArguments(ModelImageRequest request)
    {
        var args = new List<string> { "--model", $"{ModelRoot}/model.onnx" };
        if (request.ModelConfigFile is not null)
            args.AddRange(["--config", $"{ModelRoot}/model.yaml"]);
        args.AddRange(["--name", request.Labels.Title, "--version", request.Labels.Version, "--host", "0.0.0.0",
            "--port", request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--grpc-port", request.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return args;
    }

    /// <summary>
    /// The server finds ONNX Runtime next to itself: the Microsoft.ML.OnnxRuntime package puts the linux-x64 native
    /// library in a self-contained linux publish. Another platform's library in the folder means a wrong publish.
    /// </summary>
    public static void CheckOnnxRuntime(string appDirectory, bool required)
    {
        if (required && !File.Exists(Path.Combine(appDirectory, OnnxRuntimeLibraryFile)))
            throw new FileNotFoundException(
                $"{appDirectory} has no {OnnxRuntimeLibraryFile}; the model server needs it beside its executable. Publish Pipeline.Serving self-contained " +
                "with -r linux-x64 (the Microsoft.ML.OnnxRuntime package then copies its linux-x64 native library).", Path.Combine(appDirectory, OnnxRuntimeLibraryFile));
        var foreign = Directory.EnumerateFiles(appDirectory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is var n && (n.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && n.StartsWith("onnxruntime", StringComparison.OrdinalIgnoreCase)
                || n.EndsWith(".dylib", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(appDirectory, f)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
            throw new InvalidOperationException(
                $"{appDirectory} carries other platforms' ONNX Runtime libraries ({string.Join(", ", foreign)}), which a linux image must not ship. " +
                "Publish with -r linux-x64 so Directory.Build.targets drops them.");
    }

    /// <summary>The native library file a linux publish carries.</summary>
    public const string OnnxRuntimeLibraryFile = "libonnxruntime.so";

    // Later entries replace earlier ones with the same name, like Dockerfile ENV.
    private static List<string> MergeEnvironment(IEnumerable<string> first, IEnumerable<string> second)
    {
        var merged = new List<string>();
        foreach (var item in first.Concat(second))
        {
            var name = item.Split('=', 2)[0];
            merged.RemoveAll(e => e.Split('=', 2)[0] == name);
            merged.Add(item);
        }
        return merged;
    }
}
