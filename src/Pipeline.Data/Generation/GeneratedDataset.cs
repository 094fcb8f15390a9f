using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Core.Errors;

namespace Pipeline.Data.Generation;

/// <summary>
/// Writes a synthetic dataset only where it may: a new file, or one this class wrote before and nobody changed since. Each
/// written file gets a sidecar <c>&lt;file&gt;.generated.json</c> with its digest, so a user's own dataset is never replaced.
/// </summary>
public static class GeneratedDataset
{
    /// <summary>The built-in generators by name.</summary>
    public static readonly IReadOnlyList<string> Generators = ["transactions"];

    /// <summary>Writes <paramref name="rows"/> rows (atomically: temp file + rename) and its sidecar; refuses to replace a file it did not write.</summary>
    public static void Write(string path, string generator, int rows, int seed, DriftOptions? drift = null, string subject = "GenerateData")
    {
        if (!Generators.Contains(generator))
            throw new UserInputException($"{subject}: generator '{generator}' is unknown; the built-in generators are {string.Join(", ", Generators)}. Fix data.generate.generator in model.yaml.");
        if (rows <= 0)
            throw new UserInputException($"{subject}: --rows {rows} must be a positive number of rows. Fix: pass e.g. --rows 50000, or leave it out for data.generate.rows of model.yaml.");
        if (File.Exists(path) && !WroteItself(path))
            throw new UserInputException(
                $"{subject}: {path} exists and was not written by the generator (no matching {Path.GetFileName(SidecarOf(path))}), so it is left as it is. " +
                "Fix: pass --data <a new file> to generate elsewhere, or move the file away yourself if it really is disposable.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            TransactionsGenerator.Write(temp, rows, seed, drift);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        var sidecar = new Sidecar(generator, rows, seed, drift?.IsNone == false ? drift.ToString() : null, Digest(path));
        File.WriteAllText(SidecarOf(path), JsonSerializer.Serialize(sidecar));
    }

    /// <summary>True when the file's sidecar exists and its digest still matches: the generator wrote it and nobody edited it.</summary>
    public static bool WroteItself(string path)
    {
        var sidecar = SidecarOf(path);
        if (!File.Exists(path) || !File.Exists(sidecar)) return false;
        try
        {
            return JsonSerializer.Deserialize<Sidecar>(File.ReadAllText(sidecar)) is { } s && s.Sha256 == Digest(path);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string SidecarOf(string path) => path + ".generated.json";

    private static string Digest(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed record Sidecar(string Generator, int Rows, int Seed, string? Drift, string Sha256);
}
