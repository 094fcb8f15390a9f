using System.Text.RegularExpressions;

namespace Pipeline.Batch.Sinks;

/// <summary>What a batch is: its id, the model version and digest that score it, and a fingerprint of its input (resume only continues the same work).</summary>
public sealed partial record BatchIdentity
{
    public required string BatchId { get; init; }
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required string ModelDigest { get; init; }

    /// <summary>Input path, size and modification time: a changed input is scored from the start.</summary>
    public required string InputFingerprint { get; init; }

    /// <summary>Resume key: a killed run continues only with the same batch, model digest and input.</summary>
    public string Fingerprint => $"{BatchId}|{ModelDigest}|{InputFingerprint}";

    /// <summary>Batch ids are 1–100 characters of letters, digits, '.', '_', ':' and '-' (they name table partitions and files).</summary>
    public static string? Problem(string batchId) =>
        BatchIdPattern().IsMatch(batchId) ? null
            : $"--batch-id \"{batchId}\" is not a batch id: use 1-100 characters of letters, digits, '.', '_', ':' and '-', e.g. 2026-12-06 or nightly-42";

    public static string FingerprintOf(string inputPath)
    {
        var info = new FileInfo(inputPath);
        return $"{info.FullName}:{info.Length}:{info.LastWriteTimeUtc.Ticks}";
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex BatchIdPattern();
}
