using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Data.Contracts;

public static partial class DataContractLoader
{
    private static DatasetRules ParseDataset(YamlMap top, List<ColumnContract> columns)
    {
        var d = top.Map("dataset");
        if (d is null) return new DatasetRules();
        long minRows = 0;
        long? maxRows = null;
        if (d.Map("rows") is { } rows)
        {
            minRows = (long)(rows.Number("min", 0) ?? 0);
            maxRows = rows.Number("max", 0) is { } mx ? (long)mx : null;
            if (maxRows < minRows) rows.Error(rows.Node("max"), "dataset.rows.max", $"max {maxRows} is below min {minRows}", "fix the bounds");
            rows.RejectUnknown();
        }
        var pk = d.String("primaryKey");
        if (pk is not null && columns.All(c => c.Name != pk))
            d.Error(d.Node("primaryKey"), "dataset.primaryKey", $"'{pk}' is not a declared column", $"use one of: {string.Join(", ", columns.Select(c => c.Name))}");
        FreshnessRule? freshness = null;
        if (d.Map("freshness") is { } f)
        {
            var col = f.String("column", required: true, fix: "name a timestamp column");
            var ageText = f.String("maxAge", required: true, fix: "give a duration such as 30d, 12h or 90m");
            var age = ageText is null ? null : ParseDuration(ageText);
            if (ageText is not null && age is null)
                f.Error(f.Node("maxAge"), "dataset.freshness.maxAge", $"'{ageText}' is not a duration", "write a number and a unit: 30d, 12h, 90m or 45s");
            if (col is not null && columns.FirstOrDefault(c => c.Name == col) is { } fc && fc.Type != ColumnType.Timestamp)
                f.Error(f.Node("column"), "dataset.freshness.column", $"'{col}' is {fc.Type.ToString().ToLowerInvariant()}, not timestamp", "name a timestamp column");
            else if (col is not null && columns.All(c => c.Name != col))
                f.Error(f.Node("column"), "dataset.freshness.column", $"'{col}' is not a declared column", "name a declared timestamp column");
            f.RejectUnknown();
            if (col is not null && age is not null) freshness = new FreshnessRule(col, age.Value);
        }
        var maxRejected = d.Number("maxRejectedShare", 0, 1) ?? 0;
        var allowExtra = d.Bool("allowExtraColumns") ?? false;
        d.RejectUnknown();
        return new DatasetRules
        {
            MinRows = minRows,
            MaxRows = maxRows,
            PrimaryKey = pk,
            Freshness = freshness,
            MaxRejectedShare = maxRejected,
            AllowExtraColumns = allowExtra,
        };
    }

    /// <summary>Parses <c>30d</c>, <c>12h</c>, <c>90m</c>, <c>45s</c> or an ISO-8601/.NET TimeSpan.</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        var m = Regex.Match(text.Trim(), @"^(\d+(?:\.\d+)?)\s*(d|h|m|s)$");
        if (m.Success)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch
            {
                "d" => TimeSpan.FromDays(n),
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromSeconds(n),
            };
        }
        if (text.StartsWith('P'))
        {
            try { return System.Xml.XmlConvert.ToTimeSpan(text); } catch (FormatException) { return null; }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var ts) ? ts : null;
    }
}
