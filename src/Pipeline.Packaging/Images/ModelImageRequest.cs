namespace Pipeline.Packaging.Images;

/// <summary>Everything a model image is built from; the same request gives the same image digest.</summary>
public sealed record ModelImageRequest
{
    /// <summary>The published (self-contained) model server folder; becomes <c>/app</c>.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>File name of the server executable inside <see cref="AppDirectory"/>, e.g. <c>Pipeline.Serving</c>.</summary>
    public required string AppExecutable { get; init; }

    /// <summary>The ONNX model; becomes <c>/model/model.onnx</c>.</summary>
    public required string ModelFile { get; init; }

    /// <summary>model.yaml; becomes <c>/model/model.yaml</c>.</summary>
    public string? ModelConfigFile { get; init; }

    /// <summary>More files for the model layer: name under <c>/model</c> → source file (model card, contract, run manifest excerpt).</summary>
    public IReadOnlyDictionary<string, string> ModelFiles { get; init; } = new Dictionary<string, string>();

    public required ImageLabels Labels { get; init; }

    /// <summary>Repository:tag written into the archive for <c>docker load</c>, e.g. <c>pipeline/fraud-detector:3</c>.</summary>
    public required string Tag { get; init; }

    public int Port { get; init; } = 8080;

    /// <summary>Port of the KServe v2 gRPC API inside the container (exposed beside <see cref="Port"/>).</summary>
    public int GrpcPort { get; init; } = 8081;

    /// <summary>Non-root user the server runs as (present in the offline base's /etc/passwd).</summary>
    public int Uid { get; init; } = 10001;

    /// <summary>Server arguments after the executable; null gives the Pipeline.Serving command line for the model.</summary>
    public IReadOnlyList<string>? ServerArguments { get; init; }

    /// <summary>Health check command (exec form, without "CMD"); null gives <c>&lt;server&gt; --healthcheck --port &lt;port&gt;</c>; empty disables.</summary>
    public IReadOnlyList<string>? HealthcheckCommand { get; init; }

    /// <summary>Extra environment variables (NAME=value).</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];
}
