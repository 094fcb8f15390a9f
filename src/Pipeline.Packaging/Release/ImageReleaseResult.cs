using Pipeline.Packaging.Images;
using Pipeline.Packaging.Registry;
using Pipeline.Packaging.Validation;

namespace Pipeline.Packaging.Release;

/// <summary>What PackageImage produced: the image, how it was proven, where it was pushed, and how long each step took.</summary>
public sealed record ImageReleaseResult
{
    public required PackagedImage Image { get; init; }

    /// <summary>Null when validation was not asked for; <see cref="ContainerValidation.Ran"/> false when no engine answered.</summary>
    public ContainerValidation? Validation { get; init; }

    public ImageReference? Pushed { get; init; }
    public bool PublishFromCache { get; init; }

    /// <summary>False when the server has no <c>--healthcheck</c> mode, so the image carries no Docker health check.</summary>
    public bool HasHealthcheck { get; init; }
    public double PublishSeconds { get; init; }
    public double PackageSeconds { get; init; }
}
