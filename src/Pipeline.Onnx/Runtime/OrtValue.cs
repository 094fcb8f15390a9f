using System.Buffers;
using System.Runtime.InteropServices;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Runtime;

/// <summary>
/// An input (or pre-allocated output) value in ONNX Runtime's memory model. Tensors over a managed array pin the array
/// (no copy, writes to the array are seen by the next run); <see cref="AllocateTensor{T}"/> has ORT allocate the buffer.
/// </summary>
public sealed unsafe class OrtValue : IDisposable
{
    private MemoryHandle pin;

    private OrtValue(Ort.OrtValue native, OnnxValueKind kind, TensorElementType elementType, long[] shape, MemoryHandle pin = default)
    {
        Native = native;
        Kind = kind;
        ElementType = elementType;
        Shape = shape;
        this.pin = pin;
    }

    public OnnxValueKind Kind { get; }

    public TensorElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    public long ElementCount => ShapeMath.ElementCount(Shape);

    /// <summary>The package's value underneath.</summary>
    internal Ort.OrtValue Native { get; }

    /// <summary>A tensor over <paramref name="data"/> (pinned, not copied) with the given shape.</summary>
    public static OrtValue CreateTensor<T>(Memory<T> data, params long[] shape) where T : unmanaged
    {
        var type = TensorElementTypes.Of<T>();
        ShapeMath.RequireLength(shape, data.Length, type);
        var handle = data.Pin();
        try
        {
            var native = OrtErrors.Wrap(() => Ort.OrtValue.CreateTensorValueWithData(Ort.OrtMemoryInfo.DefaultInstance, (Ort.Tensors.TensorElementType)(int)type,
                (long[])shape.Clone(), (IntPtr)handle.Pointer, data.Length * sizeof(T)), $"creating a {TensorElementTypes.OnnxName(type)} tensor of shape [{string.Join(",", shape)}]");
            return new OrtValue(native, OnnxValueKind.Tensor, type, (long[])shape.Clone(), handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A tensor over <paramref name="data"/> (pinned, not copied).</summary>
    public static OrtValue CreateTensor<T>(T[] data, params long[] shape) where T : unmanaged => CreateTensor(data.AsMemory(), shape);

    /// <summary>A zero-filled tensor in a buffer ORT allocates and this value owns; fill it through <see cref="GetTensorSpan{T}"/>.</summary>
    public static OrtValue AllocateTensor<T>(params long[] shape) where T : unmanaged
    {
        var count = ShapeMath.ElementCount(shape);
        if (count < 0) throw new ArgumentException($"shape [{string.Join(",", shape)}] has a negative dimension", nameof(shape));
        var type = TensorElementTypes.Of<T>();
        var native = OrtErrors.Wrap(() => Ort.OrtValue.CreateAllocatedTensorValue(Ort.OrtAllocator.DefaultInstance, (Ort.Tensors.TensorElementType)(int)type, (long[])shape.Clone()),
            $"allocating a {TensorElementTypes.OnnxName(type)} tensor of shape [{string.Join(",", shape)}]");
        if (count > 0) native.GetTensorMutableRawData().Clear();
        return new OrtValue(native, OnnxValueKind.Tensor, type, (long[])shape.Clone());
    }

    /// <summary>A string tensor (copied into ORT's memory); null strings become empty.</summary>
    public static OrtValue CreateStringTensor(IReadOnlyList<string?> data, params long[] shape)
    {
        ShapeMath.RequireLength(shape, data.Count, TensorElementType.String);
        var native = OrtErrors.Wrap(() => Ort.OrtValue.CreateTensorWithEmptyStrings(Ort.OrtAllocator.DefaultInstance, (long[])shape.Clone()), "creating a string tensor");
        try
        {
            for (var i = 0; i < data.Count; i++) native.StringTensorSetElementAt((data[i] ?? "").AsSpan(), i);
        }
        catch
        {
            native.Dispose();
            throw;
        }
        return new OrtValue(native, OnnxValueKind.Tensor, TensorElementType.String, (long[])shape.Clone());
    }

    /// <summary>The tensor's data in place (numeric tensors only); valid until this value is disposed.</summary>
    public Span<T> GetTensorSpan<T>() where T : unmanaged
    {
        if (Kind != OnnxValueKind.Tensor || TensorElementTypes.Of<T>() != ElementType)
            throw new InvalidOperationException($"value is {Kind} of {ElementType}, not a tensor of {typeof(T).Name}");
        return MemoryMarshal.Cast<byte, T>(Native.GetTensorMutableRawData());
    }

    /// <summary>Copies the value out into managed memory (tensor, map or sequence).</summary>
    public OnnxValue ToManaged() => OrtTypes.Read(Native);

    public void Dispose()
    {
        Native.Dispose();
        pin.Dispose();
        pin = default;
    }
}
