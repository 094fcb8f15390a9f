namespace Pipeline.Packaging.Release;

/// <summary>What PackageImage hands on: the image's identity, the model digest it carries, its labels and layers (the <c>image</c> output).</summary>
public sealed record ImageRecord
{
    public required string Digest { get; init; }
    public required string ImageId { get; init; }
    public required string Tag { get; init; }
    public required long CompressedSize { get; init; }
    public required string BaseImage { get; init; }

    /// <summary>The ONNX model's digest inside the image (label <c>io.pipeline.model.digest</c>).</summary>
    public required string ModelDigest { get; init; }
    public string? Pushed { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ImageLayerRecord> Layers { get; init; } = [];

    public static ImageRecord From(ImageReleaseResult result, string modelDigest)
    {
        var image = result.Image;
        return new ImageRecord
        {
            Digest = image.Digest, ImageId = image.ImageId, Tag = image.Tag, CompressedSize = image.CompressedSize, BaseImage = image.BaseReference,
            ModelDigest = modelDigest, Pushed = result.Pushed?.ToString(),
            Labels = image.Image.Config.Config.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>(),
            Layers = image.Image.Layers.Select(l => new ImageLayerRecord(l.Descriptor.Digest, l.Descriptor.Size, l.Description)).ToList(),
        };
    }
}

/// <summary>One layer of a packaged image.</summary>
public sealed record ImageLayerRecord(string Digest, long Size, string Description);
