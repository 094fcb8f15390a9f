using System.Globalization;

namespace Pipeline.Packaging.Images;

/// <summary>What an image says about itself: OCI annotations plus the model's provenance and gate results.</summary>
public sealed record ImageLabels
{
    public const string Prefix = "io.pipeline.";

    public required string Title { get; init; }
    public required string Version { get; init; }

    /// <summary>Git commit of the source.</summary>
    public required string Revision { get; init; }

    /// <summary>Commit time; also every file's mtime, so it is reproducible.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>Repository URL or path the image was built from.</summary>
    public required string Source { get; init; }

    public required string ModelDigest { get; init; }
    public string? DataDigest { get; init; }
    public string? ContractVersion { get; init; }

    /// <summary>Key gate results, e.g. <c>evaluate.auc</c> → <c>0.912 (pass, &gt;= 0.80)</c>.</summary>
    public IReadOnlyDictionary<string, string> GateResults { get; init; } = new Dictionary<string, string>();

    public SortedDictionary<string, string> ToDictionary()
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.title"] = Title,
            ["org.opencontainers.image.version"] = Version,
            ["org.opencontainers.image.revision"] = Revision,
            ["org.opencontainers.image.created"] = FormatTime(Created),
            ["org.opencontainers.image.source"] = Source,
            [Prefix + "model.digest"] = ModelDigest,
        };
        if (DataDigest is not null)
            labels[Prefix + "data.digest"] = DataDigest;
        if (ContractVersion is not null)
            labels[Prefix + "contract"] = ContractVersion;
        foreach (var (gate, result) in GateResults)
            labels[Prefix + "gate." + gate] = result;
        return labels;
    }

    /// <summary>RFC 3339 in UTC with whole seconds, as OCI annotations expect.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
