using System.Collections;

namespace Pipeline.Ci.Generation;

/// <summary>A node of the small, ordered YAML tree the CI writers build (mapping order is the file's order).</summary>
internal abstract class YamlNode
{
    public static implicit operator YamlNode(string value) => new YamlScalar(value);
}

/// <summary>A scalar: text (quoted when YAML would read it as something else), or a raw number/boolean.</summary>
internal sealed class YamlScalar(string value, bool raw = false) : YamlNode
{
    public string Value { get; } = value;
    public bool Raw { get; } = raw;

    public static YamlScalar Number(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), raw: true);
    public static YamlScalar Boolean(bool value) => new(value ? "true" : "false", raw: true);
}

internal sealed class YamlMap : YamlNode, IEnumerable<KeyValuePair<string, YamlNode>>
{
    private readonly List<KeyValuePair<string, YamlNode>> _entries = [];

    public int Count => _entries.Count;

    public void Add(string key, YamlNode value) => _entries.Add(new(key, value));

    public IEnumerator<KeyValuePair<string, YamlNode>> GetEnumerator() => _entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

internal sealed class YamlSeq : YamlNode, IEnumerable<YamlNode>
{
    private readonly List<YamlNode> _items = [];

    public YamlSeq()
    {
    }

    public YamlSeq(IEnumerable<string> items) => _items.AddRange(items.Select(i => (YamlNode)i));

    public void Add(YamlNode item) => _items.Add(item);

    public IEnumerator<YamlNode> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
