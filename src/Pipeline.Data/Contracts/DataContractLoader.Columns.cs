using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Data.Contracts;

public static partial class DataContractLoader
{
    private static readonly string[] TypeNames = ["int", "float", "bool", "string", "category", "timestamp"];

    private static List<ColumnContract> ParseColumns(YamlMap top)
    {
        var result = new List<ColumnContract>();
        var list = top.Sequence("columns");
        if (list is null)
        {
            if (top.Node("columns") is null) top.Error(null, "columns", "is missing", "add a 'columns:' list with one '- name: ... type: ...' entry per column");
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode m)
            {
                top.Error(list.Children[i], $"columns[{i}]", "must be a mapping", "write '- name: amount' and '  type: float' lines");
                continue;
            }
            var c = top.Child(m, $"columns[{i}]");
            var name = c.String("name", required: true, fix: "add 'name: <column>'");
            if (name is not null && !seen.Add(name))
                c.Error(c.Node("name"), $"columns[{i}].name", $"column '{name}' is declared twice", "remove or rename one of them");
            var label = name ?? $"columns[{i}]";
            var typeText = c.String("type", required: true, fix: $"add 'type:' with one of {string.Join(", ", TypeNames)}");
            ColumnType? type = typeText switch
            {
                "int" or "integer" => ColumnType.Int,
                "float" or "double" or "number" => ColumnType.Float,
                "bool" or "boolean" => ColumnType.Bool,
                "string" => ColumnType.String,
                "category" => ColumnType.Category,
                "timestamp" => ColumnType.Timestamp,
                null => null,
                _ => null,
            };
            if (typeText is not null && type is null)
                c.Error(c.Node("type"), $"columns[{label}].type", $"'{typeText}' is not a column type", $"use one of {string.Join(", ", TypeNames)}");
            var nullable = c.Bool("nullable") ?? false;
            var maxNullRate = c.Number("maxNullRate", 0, 1);
            if (maxNullRate is not null && !nullable)
                c.Error(c.Node("maxNullRate"), $"columns[{label}].maxNullRate", "is set on a column that is not nullable", "add 'nullable: true' or remove maxNullRate");
            var min = c.Number("min");
            var max = c.Number("max");
            if (min is { } lo && max is { } hi && lo > hi)
                c.Error(c.Node("max"), $"columns[{label}].max", $"max {hi} is below min {lo}", "swap or fix the bounds");
            if ((min ?? max) is not null && type is ColumnType.String or ColumnType.Category or ColumnType.Bool)
                c.Error(c.Node("min") ?? c.Node("max"), $"columns[{label}].min", $"min/max do not apply to {typeText} columns", "remove them or use type int/float");
            var allowed = ParseAllowed(c, label, type);
            var regex = c.String("regex");
            if (regex is not null)
            {
                try { _ = new System.Text.RegularExpressions.Regex(regex, System.Text.RegularExpressions.RegexOptions.NonBacktracking); }
                catch (ArgumentException e)
                {
                    c.Error(c.Node("regex"), $"columns[{label}].regex", $"'{regex}' is not a valid pattern ({e.Message})", "fix the regular expression (.NET syntax, no backreferences or lookarounds)");
                }
                if (type is not (ColumnType.String or ColumnType.Category))
                    c.Error(c.Node("regex"), $"columns[{label}].regex", $"regex applies to string or category columns, not {typeText}", "remove regex or change the type");
            }
            var format = c.String("format");
            if (format is not null && type != ColumnType.Timestamp)
                c.Error(c.Node("format"), $"columns[{label}].format", "format applies to timestamp columns only", "remove format or use type: timestamp");
            var isLabel = c.Bool("label") ?? false;
            var unique = c.Bool("unique") ?? false;
            var sensitive = c.String("sensitive");
            if (sensitive is not null and not ("hash" or "drop"))
                c.Error(c.Node("sensitive"), $"columns[{label}].sensitive", $"'{sensitive}' is not a treatment", "use hash (the prediction log keeps a SHA-256 of the value) or drop (not logged)");
            c.RejectUnknown("description");
            if (name is null || type is null) continue;
            result.Add(new ColumnContract
            {
                Name = name,
                Type = type.Value,
                Format = format,
                Nullable = nullable,
                MaxNullRate = maxNullRate,
                Min = min,
                Max = max,
                Allowed = allowed,
                Regex = regex,
                Unique = unique,
                Label = isLabel,
                Sensitive = sensitive is "hash" or "drop" ? sensitive : null,
                Line = c.Line,
            });
        }
        if (list.Children.Count == 0) top.Error(list, "columns", "is empty", "list at least one column");
        var labels = result.Where(r => r.Label).ToList();
        if (labels.Count > 1) top.Error(list, "columns", $"{labels.Count} columns are marked label: true ({string.Join(", ", labels.Select(l => l.Name))})", "mark only one label column");
        return result;
    }

    private static List<string>? ParseAllowed(YamlMap c, string label, ColumnType? type)
    {
        var seq = c.Sequence("allowed");
        if (seq is null) return null;
        var values = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is not YamlScalarNode s || s.Value is null)
            {
                c.Error(item, $"columns[{label}].allowed", "entries must be single values", "write 'allowed: [a, b, c]'");
                continue;
            }
            if (type is ColumnType.Int && !long.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                c.Error(item, $"columns[{label}].allowed", $"'{s.Value}' is not an integer", "list integers for an int column");
            values.Add(s.Value);
        }
        if (values.Count == 0) c.Error(seq, $"columns[{label}].allowed", "is empty", "list the allowed values or remove 'allowed'");
        return values;
    }
}
