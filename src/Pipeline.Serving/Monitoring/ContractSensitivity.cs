using YamlDotNet.RepresentationModel;

namespace Pipeline.Serving.Monitoring;

/// <summary>Reads only the <c>sensitive</c> marks of a data contract's columns (the server does not carry the full contract loader).</summary>
public static class ContractSensitivity
{
    public static Dictionary<string, string> Read(string contractFile)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(contractFile)) yaml.Load(reader);
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return marks;
        if (!root.Children.TryGetValue(new YamlScalarNode("columns"), out var columns) || columns is not YamlSequenceNode list) return marks;
        foreach (var column in list.Children.OfType<YamlMappingNode>())
        {
            var name = (column.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? n as YamlScalarNode : null)?.Value;
            var mark = (column.Children.TryGetValue(new YamlScalarNode("sensitive"), out var s) ? s as YamlScalarNode : null)?.Value;
            if (name is null || mark is null) continue;
            if (mark is not ("hash" or "drop"))
                throw new InvalidDataException($"{contractFile} column {name}: sensitive '{mark}' is not hash or drop");
            marks[name] = mark;
        }
        return marks;
    }
}
