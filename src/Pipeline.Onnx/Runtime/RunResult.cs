namespace Pipeline.Onnx.Runtime;

/// <summary>Outputs of one run, in the order requested, addressable by name.</summary>
public sealed class RunResult(IReadOnlyList<string> names, IReadOnlyList<OnnxValue> values)
{
    public IReadOnlyList<string> Names { get; } = names;

    public IReadOnlyList<OnnxValue> Values { get; } = values;

    public int Count => Values.Count;

    public OnnxValue this[int index] => Values[index];

    public OnnxValue this[string name]
    {
        get
        {
            for (var i = 0; i < Names.Count; i++)
                if (Names[i] == name) return Values[i];
            throw new KeyNotFoundException($"output {name} was not requested (outputs: {string.Join(", ", Names)})");
        }
    }
}
