using YamlDotNet.RepresentationModel;

namespace Pipeline.Ci.Tests.Support;

/// <summary>Reads generated YAML with YamlDotNet (a strict parser) and walks it by keys.</summary>
public static class Yaml
{
    public static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    public static YamlNode At(this YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return node;
    }

    public static string Text(this YamlNode node) => ((YamlScalarNode)node).Value!;

    public static IEnumerable<YamlNode> Items(this YamlNode node) => ((YamlSequenceNode)node).Children;

    public static bool Has(this YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(new YamlScalarNode(key));
}
