using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Monitoring;
using Pipeline.Data.Contracts;

namespace Pipeline.Monitoring.Retraining;

/// <summary>
/// A new training dataset version: the model's data source plus the logged production rows that have outcomes. A live row's key is
/// its request id (clients send their entity key as <c>x-request-id</c>); a row whose id does not fit the key column's rules, or
/// repeats a key, is left out and counted. Columns the server never sees are left empty, so the contract decides (in the
/// retraining's ValidateData) whether such rows may train. Written with a digest and a lineage sidecar.
/// </summary>
public static class RetrainingDataset
{
    public sealed record Lineage
    {
        public required string File { get; init; }
        public required string Digest { get; init; }
        public required string Source { get; init; }
        public required string SourceDigest { get; init; }
        public required string Model { get; init; }
        public required string ProductionVersion { get; init; }
        public required long SourceRows { get; init; }
        public required long LiveRows { get; init; }
        public required long LiveRowsLeftOut { get; init; }
        public IReadOnlyList<string> Notes { get; init; } = [];
    }

    public static Lineage Write(string sourceCsv, DataContract contract, string model, string labelColumn, string productionVersion,
        IReadOnlyList<(PredictionRecord Row, int Label)> live, string outputDirectory)
    {
        if (!sourceCsv.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"retraining reads the model's data source as CSV; {sourceCsv} is not a .csv file. Fix: point data.path at a CSV file");
        var lines = File.ReadLines(sourceCsv).GetEnumerator();
        if (!lines.MoveNext()) throw new InvalidOperationException($"{sourceCsv} is empty: nothing to retrain on");
        var header = lines.Current.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        var key = contract.Dataset.PrimaryKey;
        var keyIndex = key is null ? -1 : Array.IndexOf(header, key);
        var keyRule = key is null ? null : contract.Column(key)?.Regex is { } r ? new Regex(r, RegexOptions.NonBacktracking) : null;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var body = new StringBuilder();
        body.Append(lines.Current).Append('\n');
        long sourceRows = 0;
        while (lines.MoveNext())
        {
            if (lines.Current.Length == 0) continue;
            body.Append(lines.Current).Append('\n');
            sourceRows++;
            if (keyIndex >= 0) keys.Add(Field(lines.Current, keyIndex));
        }
        long added = 0, leftOut = 0;
        foreach (var (row, label) in live)
        {
            if (key is not null && ((keyRule is not null && !keyRule.IsMatch(row.Id)) || !keys.Add(row.Id))) { leftOut++; continue; }
            body.Append(string.Join(",", header.Select(h =>
                h == labelColumn ? label.ToString(CultureInfo.InvariantCulture)
                : h == key ? Quote(row.Id)
                : row.Features.TryGetValue(h, out var v) ? Format(v) : "")));
            body.Append('\n');
            added++;
        }
        var bytes = new UTF8Encoding(false).GetBytes(body.ToString());
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        Directory.CreateDirectory(outputDirectory);
        var file = Path.Combine(outputDirectory, $"{model}-{digest[7..19]}.csv");
        var temp = file + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, file, overwrite: true);
        var lineage = new Lineage
        {
            File = file, Digest = digest, Source = sourceCsv, SourceDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(sourceCsv))),
            Model = model, ProductionVersion = productionVersion, SourceRows = sourceRows, LiveRows = added, LiveRowsLeftOut = leftOut,
            Notes = leftOut > 0 ? [$"{leftOut} live rows left out: their request id is not a valid, new {key} (send the entity key as x-request-id)"] : [],
        };
        File.WriteAllText(file + ".lineage.json", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["file"] = Path.GetFileName(file), ["digest"] = digest, ["source"] = sourceCsv, ["sourceDigest"] = lineage.SourceDigest, ["model"] = model,
            ["productionVersion"] = productionVersion, ["sourceRows"] = sourceRows, ["liveRows"] = added, ["liveRowsLeftOut"] = leftOut,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return lineage;
    }

    private static string Field(string line, int index)
    {
        var parts = line.Split(',');
        return index < parts.Length ? parts[index].Trim('"') : "";
    }

    private static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Quote(Convert.ToString(v, CultureInfo.InvariantCulture)!),
    };

    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
