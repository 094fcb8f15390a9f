namespace Pipeline.Onnx.Runtime;

/// <summary>A model input or output: its name and declared type.</summary>
public sealed record NodeInfo(string Name, ValueTypeInfo Type)
{
    public override string ToString() => $"{Name}: {Type}";
}
