namespace Pipeline.Onnx.Runtime;

/// <summary>A tensor output: element type, shape and data (a CLR array such as <c>float[]</c>, <c>long[]</c>, <c>string[]</c>).</summary>
public sealed class OnnxTensor(TensorElementType elementType, long[] shape, Array data) : OnnxValue
{
    public override OnnxValueKind Kind => OnnxValueKind.Tensor;

    public TensorElementType ElementType { get; } = elementType;

    public IReadOnlyList<long> Shape { get; } = shape;

    public Array Data { get; } = data;

    /// <summary>The data as <typeparamref name="T"/>[]; throws when the element type differs.</summary>
    public T[] As<T>() => Data as T[] ?? throw new InvalidCastException($"tensor holds {ElementType} ({Data.GetType().Name}), not {typeof(T).Name}[]");

    public override string ToString() => $"tensor({TensorElementTypes.OnnxName(ElementType)}){ShapeMath.Format(Shape)}";
}
