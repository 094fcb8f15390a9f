namespace Pipeline.Onnx.Runtime;

/// <summary>A sequence output, e.g. ZipMap's sequence of per-row maps.</summary>
public sealed class OnnxSequence(IReadOnlyList<OnnxValue> items) : OnnxValue
{
    public override OnnxValueKind Kind => OnnxValueKind.Sequence;

    public IReadOnlyList<OnnxValue> Items { get; } = items;

    public override string ToString() => $"seq[{Items.Count}]";
}
