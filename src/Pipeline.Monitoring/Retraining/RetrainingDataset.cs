using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Errors;
using Pipeline.Core.Models;
using Pipeline.Core.Monitoring;
using Pipeline.Data.Contracts;

namespace Pipeline.Monitoring.Retraining;

/// <summary>
/// A new training dataset version: the rows production was trained on plus the logged production rows that have outcomes, in the
/// columns training reads (<see cref="RetrainingColumns"/>). A live row's key is its request id (clients send their entity key as
/// <c>x-request-id</c>); a row whose id does not fit the key column's rules, or repeats a key, is left out and counted; the
/// contract's freshness column takes the time the row was answered. Written with its digest in the name and a lineage sidecar.
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
        public required IReadOnlyList<string> Columns { get; init; }
        public required long SourceRows { get; init; }
        public required long LiveRows { get; init; }
        public required long LiveRowsLeftOut { get; init; }
        public IReadOnlyList<string> Notes { get; init; } = [];
    }

    public static Lineage Write(string sourceCsv, DataContract contract, ModelConfig config, string productionVersion,
        IReadOnlyList<(PredictionRecord Row, double Label)> live, string outputDirectory)
    {
        var columns = RetrainingColumns.For(config, contract);
        if (!sourceCsv.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new UserInputException($"retraining reads the model's data source as CSV; {sourceCsv} is not a .csv file. Fix: point data.path at a CSV file");
        if (live.Count > 0 && columns.Any(c => c.Origin == RetrainingColumns.Origin.Feature) && live.All(l => l.Row.Features.Count == 0))
            throw new UserInputException($"the prediction log of {config.Name} {productionVersion} has no features (its servers could not read contract {contract.Id}), so it cannot be retrained on. " +
                                         "Fix: run the servers inside the repository (the deployment targets do), then let new traffic and outcomes arrive");
        using var lines = System.IO.File.ReadLines(sourceCsv).GetEnumerator();
        if (!lines.MoveNext()) throw new UserInputException($"{sourceCsv} is empty: nothing to retrain on. Fix: point data.path at the model's training data");
        var header = Fields(lines.Current);
        var positions = columns.Select(c => Array.IndexOf(header, c.Column.Name)).ToArray();
        var absent = columns.Where((c, i) => positions[i] < 0).Select(c => c.Column.Name).ToList();
        if (absent.Count > 0)
            throw new UserInputException($"{sourceCsv} has no column {string.Join(", ", absent)} that contract {contract.Id} declares. Fix: validate the source (./build.sh ValidateData --model {config.Name})");

        var keyAt = columns.ToList().FindIndex(c => c.Origin == RetrainingColumns.Origin.Key);
        var keyRule = keyAt >= 0 && columns[keyAt].Column.Regex is { } r ? new Regex(r, RegexOptions.NonBacktracking) : null;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var body = new StringBuilder();
        body.Append(string.Join(",", columns.Select(c => Quote(c.Column.Name)))).Append('\n');
        long sourceRows = 0;
        while (lines.MoveNext())
        {
            if (lines.Current.Length == 0) continue;
            var fields = Fields(lines.Current);
            body.Append(string.Join(",", positions.Select(p => p < fields.Length ? Quote(fields[p]) : ""))).Append('\n');
            sourceRows++;
            if (keyAt >= 0) keys.Add(fields[positions[keyAt]]);
        }
        long added = 0, leftOut = 0;
        foreach (var (row, label) in live)
        {
            if (keyAt >= 0 && ((keyRule is not null && !keyRule.IsMatch(row.Id)) || !keys.Add(row.Id))) { leftOut++; continue; }
            body.Append(string.Join(",", columns.Select(c => c.Origin switch
            {
                RetrainingColumns.Origin.Key => Quote(row.Id),
                RetrainingColumns.Origin.Label => LabelText(config, c.Column, label),
                RetrainingColumns.Origin.Time => Quote(TimeText(c.Column, row.Time)),
                _ => row.Features.TryGetValue(c.Column.Name, out var v) ? Format(v) : "",
            })));
            body.Append('\n');
            added++;
        }
        var bytes = new UTF8Encoding(false).GetBytes(body.ToString());
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        Directory.CreateDirectory(outputDirectory);
        var file = Path.Combine(outputDirectory, $"{config.Name}-{digest[7..19]}.csv");
        var temp = file + ".tmp";
        System.IO.File.WriteAllBytes(temp, bytes);
        System.IO.File.Move(temp, file, overwrite: true);
        var lineage = new Lineage
        {
            File = file, Digest = digest, Source = sourceCsv, SourceDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(sourceCsv))),
            Model = config.Name, ProductionVersion = productionVersion, Columns = columns.Select(c => c.Column.Name).ToList(),
            SourceRows = sourceRows, LiveRows = added, LiveRowsLeftOut = leftOut,
            Notes = leftOut > 0 ? [$"{leftOut} live rows left out: their request id is not a valid, new {columns[keyAt].Column.Name} (send the entity key as x-request-id)"] : [],
        };
        System.IO.File.WriteAllText(file + ".lineage.json", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["file"] = Path.GetFileName(file), ["digest"] = digest, ["source"] = sourceCsv, ["sourceDigest"] = lineage.SourceDigest, ["model"] = config.Name,
            ["productionVersion"] = productionVersion, ["columns"] = lineage.Columns, ["sourceRows"] = sourceRows, ["liveRows"] = added, ["liveRowsLeftOut"] = leftOut,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return lineage;
    }

    /// <summary>The retraining dataset written earlier whose digest is <paramref name="digest"/>, if it is still in <paramref name="directory"/>.</summary>
    public static string? Find(string directory, string model, string? digest) =>
        digest is { Length: > 19 } && System.IO.File.Exists(Path.Combine(directory, $"{model}-{digest[7..19]}.csv")) ? Path.Combine(directory, $"{model}-{digest[7..19]}.csv") : null;

    private static string LabelText(ModelConfig config, ColumnContract column, double label) =>
        config.Task == ModelTask.Multiclass && column.Type is ColumnType.Category or ColumnType.String && label >= 0 && label < config.Data.Classes.Count
            ? Quote(config.Data.Classes[(int)label])
            : label.ToString("R", CultureInfo.InvariantCulture);

    private static string TimeText(ColumnContract column, DateTimeOffset time) =>
        time.UtcDateTime.ToString(column.Format is null or "iso8601" ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : column.Format, CultureInfo.InvariantCulture);

    /// <summary>The fields of one CSV record (RFC 4180 quotes; one line per record, as the pipeline's datasets are written).</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c != '\r') field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    private static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Quote(Convert.ToString(v, CultureInfo.InvariantCulture)!),
    };

    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
