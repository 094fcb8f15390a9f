using Pipeline.Packaging.Images;
using Pipeline.Packaging.Registry;
using Pipeline.Packaging.Validation;

namespace Pipeline.Packaging.Release;

/// <summary>Inputs of one PackageImage run: the model, its labels, where the base comes from, and what to prove and push.</summary>
public sealed record ImageReleaseRequest
{
    public required string RepositoryRoot { get; init; }

    /// <summary>The model server this run already published (and measured); null publishes it here.</summary>
    public Publishing.ServerPublisher.Published? Server { get; init; }
    public required string OnnxFile { get; init; }
    public required string ModelConfigFile { get; init; }

    /// <summary>Extra model-layer files: name under /model → source.</summary>
    public IReadOnlyDictionary<string, string> ModelFiles { get; init; } = new Dictionary<string, string>();

    public required ImageLabels Labels { get; init; }

    /// <summary>Image repository for the local tag, e.g. <c>pipeline/fraud-detector</c>.</summary>
    public required string Repository { get; init; }

    /// <summary><c>offline</c> or a registry reference.</summary>
    public string BaseImage { get; init; } = BaseImageResolver.Offline;

    /// <summary><c>host:port/repo</c> to push to by digest; null pushes nothing.</summary>
    public string? PushTo { get; init; }

    public RegistryCredentials? Credentials { get; init; }

    /// <summary>Folder for the publish, layer and pulled-blob caches (kept between runs).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Folder the image archive is written to.</summary>
    public required string OutputDirectory { get; init; }

    public bool ValidateInContainer { get; init; } = true;
    public ContainerValidationOptions Validation { get; init; } = new();
    public int Port { get; init; } = 8080;
}
