using System.Globalization;
using Pipeline.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Data.Contracts;

/// <summary>Reads fields of one YAML mapping, recording every problem with its line instead of stopping at the first.</summary>
internal sealed class YamlMap(YamlMappingNode node, string path, string file, List<ConfigError> errors)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public int Line => (int)node.Start.Line;

    public string Path => path;

    public void Error(YamlNode? at, string field, string problem, string fix) =>
        errors.Add(new ConfigError(file, at is null ? Line : (int)at.Start.Line, field, problem, fix));

    private string FieldPath(string key) => path.Length == 0 ? key : $"{path}.{key}";

    public YamlNode? Node(string key)
    {
        _read.Add(key);
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode s && s.Value == key) return v;
        }
        return null;
    }

    public string? String(string key, bool required = false, string? fix = null)
    {
        var n = Node(key);
        if (n is null)
        {
            if (required) Error(null, FieldPath(key), "is missing", fix ?? $"add '{key}:'");
            return null;
        }
        if (n is YamlScalarNode s) return s.Value;
        Error(n, FieldPath(key), "must be a single value", fix ?? $"write '{key}: <value>'");
        return null;
    }

    public double? Number(string key, double? min = null, double? max = null)
    {
        var n = Node(key);
        if (n is null) return null;
        if (n is YamlScalarNode s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            if ((min is { } lo && v < lo) || (max is { } hi && v > hi))
            {
                Error(n, FieldPath(key), $"{s.Value} is outside [{min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}]",
                    "use a value inside that range");
                return null;
            }
            return v;
        }
        Error(n, FieldPath(key), $"'{(n as YamlScalarNode)?.Value ?? n.NodeType.ToString()}' is not a number", $"write a number, e.g. '{key}: 0.1'");
        return null;
    }

    public bool? Bool(string key)
    {
        var n = Node(key);
        if (n is null) return null;
        if (n is YamlScalarNode s && bool.TryParse(s.Value, out var b)) return b;
        Error(n, FieldPath(key), $"'{(n as YamlScalarNode)?.Value}' is not true or false", $"write '{key}: true' or '{key}: false'");
        return null;
    }

    public YamlMap? Map(string key)
    {
        var n = Node(key);
        if (n is null) return null;
        if (n is YamlMappingNode m) return new YamlMap(m, FieldPath(key), file, errors);
        Error(n, FieldPath(key), "must be a mapping of fields", $"write '{key}:' followed by indented 'field: value' lines");
        return null;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var n = Node(key);
        if (n is null) return null;
        if (n is YamlSequenceNode q) return q;
        Error(n, FieldPath(key), "must be a list", $"write '{key}: [a, b]' or a '- item' list");
        return null;
    }

    public YamlMap Child(YamlMappingNode child, string childPath) => new(child, childPath, file, errors);

    /// <summary>Reports keys that no reader asked for (typos), naming the closest known key.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var (k, _) in node.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (_read.Contains(key) || known.Contains(key)) continue;
            var candidates = _read.Concat(known).Distinct().ToArray();
            var closest = candidates.OrderBy(c => Distance(c, key)).FirstOrDefault();
            Error(k, FieldPath(key), "is not a known field",
                closest is not null && Distance(closest, key) <= 3 ? $"did you mean '{closest}'?" : $"use one of: {string.Join(", ", candidates.Order())}");
        }
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
