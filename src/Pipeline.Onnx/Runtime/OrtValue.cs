using System.Buffers;
using System.Runtime.InteropServices;
using Pipeline.Onnx.Native;

namespace Pipeline.Onnx.Runtime;

/// <summary>
/// An input (or pre-allocated output) value in ONNX Runtime's memory model. Tensors over a managed array pin the array
/// (no copy, writes to the array are seen by the next run); <see cref="AllocateTensor{T}"/> owns a native buffer.
/// </summary>
public sealed unsafe class OrtValue : IDisposable
{
    private readonly OrtHandle handle;
    private MemoryHandle pin;
    private void* ownedBuffer;
    private readonly IReadOnlyList<OrtValue>? parts;

    private OrtValue(IntPtr native, OnnxValueKind kind, TensorElementType elementType, long[] shape, MemoryHandle pin = default, void* ownedBuffer = null, IReadOnlyList<OrtValue>? parts = null)
    {
        handle = new OrtHandle(native, OrtRuntime.Instance.Api.ReleaseValue);
        Kind = kind;
        ElementType = elementType;
        Shape = shape;
        this.pin = pin;
        this.ownedBuffer = ownedBuffer;
        this.parts = parts;
    }

    public OnnxValueKind Kind { get; }

    public TensorElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    public long ElementCount => ShapeMath.ElementCount(Shape);

    internal IntPtr NativeHandle => handle.DangerousGetHandle();

    /// <summary>A tensor over <paramref name="data"/> (pinned, not copied) with the given shape.</summary>
    public static OrtValue CreateTensor<T>(Memory<T> data, params long[] shape) where T : unmanaged
    {
        var type = TensorElementTypes.Of<T>();
        ShapeMath.RequireLength(shape, data.Length, type);
        var pin = data.Pin();
        try
        {
            return FromBuffer(pin.Pointer, (nuint)(data.Length * sizeof(T)), shape, type, pin, null);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>A tensor over <paramref name="data"/> (pinned, not copied).</summary>
    public static OrtValue CreateTensor<T>(T[] data, params long[] shape) where T : unmanaged => CreateTensor(data.AsMemory(), shape);

    /// <summary>A zero-filled tensor in a native buffer this value owns; fill it through <see cref="GetTensorSpan{T}"/>.</summary>
    public static OrtValue AllocateTensor<T>(params long[] shape) where T : unmanaged
    {
        var count = ShapeMath.ElementCount(shape);
        if (count < 0) throw new ArgumentException($"shape [{string.Join(",", shape)}] has a negative dimension", nameof(shape));
        var bytes = (nuint)(Math.Max(count, 1) * sizeof(T));
        var buffer = NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(buffer, bytes);
        try
        {
            return FromBuffer(buffer, (nuint)(count * sizeof(T)), shape, TensorElementTypes.Of<T>(), default, buffer);
        }
        catch
        {
            NativeMemory.AlignedFree(buffer);
            throw;
        }
    }

    /// <summary>A string tensor (copied into ORT's memory); null strings become empty.</summary>
    public static OrtValue CreateStringTensor(IReadOnlyList<string?> data, params long[] shape)
    {
        ShapeMath.RequireLength(shape, data.Count, TensorElementType.String);
        var rt = OrtRuntime.Instance;
        IntPtr value;
        fixed (long* dims = shape)
        {
            OrtStatus.Check(rt.Api, rt.Api.CreateTensorAsOrtValue(rt.Allocator, dims, (nuint)shape.Length, (int)TensorElementType.String, &value), "creating a string tensor");
        }
        var result = new OrtValue(value, OnnxValueKind.Tensor, TensorElementType.String, (long[])shape.Clone());
        if (data.Count > 0)
        {
            using var strings = new Utf8Strings(data.Select(s => s ?? "").ToArray());
            OrtStatus.Check(rt.Api, rt.Api.FillStringTensor(value, strings.Pointers, (nuint)data.Count), "filling a string tensor");
        }
        return result;
    }

    /// <summary>A sequence of tensors (ORT copies the items; they stay owned by the caller).</summary>
    public static OrtValue CreateSequence(IReadOnlyList<OrtValue> items)
    {
        if (items.Count == 0) throw new ArgumentException("ONNX Runtime cannot build an empty sequence from values", nameof(items));
        var rt = OrtRuntime.Instance;
        var pointers = stackalloc IntPtr[items.Count];
        for (var i = 0; i < items.Count; i++) pointers[i] = items[i].NativeHandle;
        IntPtr value;
        OrtStatus.Check(rt.Api, rt.Api.CreateValue(pointers, (nuint)items.Count, (int)OnnxValueKind.Sequence, &value), "creating a sequence value");
        return new OrtValue(value, OnnxValueKind.Sequence, items[0].ElementType, [items.Count], parts: items);
    }

    /// <summary>The tensor's data in place (numeric tensors only); valid until this value is disposed.</summary>
    public Span<T> GetTensorSpan<T>() where T : unmanaged
    {
        if (Kind != OnnxValueKind.Tensor || TensorElementTypes.Of<T>() != ElementType)
            throw new InvalidOperationException($"value is {Kind} of {ElementType}, not a tensor of {typeof(T).Name}");
        var rt = OrtRuntime.Instance;
        void* data;
        OrtStatus.Check(rt.Api, rt.Api.GetTensorMutableData(handle.DangerousGetHandle(), &data), "reading tensor data");
        return new Span<T>(data, checked((int)ElementCount));
    }

    /// <summary>Copies the value out into managed memory (tensor, map or sequence).</summary>
    public OnnxValue ToManaged() => OrtValueReader.Read(NativeHandle);

    public void Dispose()
    {
        handle.Dispose();
        pin.Dispose();
        if (ownedBuffer is not null)
        {
            NativeMemory.AlignedFree(ownedBuffer);
            ownedBuffer = null;
        }
        GC.KeepAlive(parts);   // sequence items stay alive as long as the sequence value
    }

    private static OrtValue FromBuffer(void* buffer, nuint bytes, long[] shape, TensorElementType type, MemoryHandle pin, void* owned)
    {
        var rt = OrtRuntime.Instance;
        IntPtr value;
        fixed (long* dims = shape)
        {
            OrtStatus.Check(rt.Api, rt.Api.CreateTensorWithDataAsOrtValue(rt.CpuMemory, buffer, bytes, dims, (nuint)shape.Length, (int)type, &value),
                $"creating a {TensorElementTypes.OnnxName(type)} tensor of shape [{string.Join(",", shape)}]");
        }
        return new OrtValue(value, OnnxValueKind.Tensor, type, (long[])shape.Clone(), pin, owned);
    }
}
