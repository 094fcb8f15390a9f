namespace Pipeline.Onnx.Runtime;

/// <summary>A map output (e.g. one row of a ZipMap): keys and values as parallel tensors.</summary>
public sealed class OnnxMap(OnnxTensor keys, OnnxTensor values) : OnnxValue
{
    public override OnnxValueKind Kind => OnnxValueKind.Map;

    public OnnxTensor Keys { get; } = keys;

    public OnnxTensor Values { get; } = values;

    public Dictionary<TKey, TValue> ToDictionary<TKey, TValue>() where TKey : notnull
    {
        var k = Keys.As<TKey>();
        var v = Values.As<TValue>();
        var result = new Dictionary<TKey, TValue>(k.Length);
        for (var i = 0; i < k.Length; i++) result[k[i]] = v[i];
        return result;
    }

    public override string ToString() => $"map({TensorElementTypes.OnnxName(Keys.ElementType)},{TensorElementTypes.OnnxName(Values.ElementType)})[{Keys.Data.Length}]";
}
