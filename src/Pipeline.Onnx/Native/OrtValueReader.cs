using System.Text;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Native;

/// <summary>Copies native OrtValues (tensors, maps, sequences) into managed <see cref="OnnxValue"/>s.</summary>
internal static unsafe class OrtValueReader
{
    public static OnnxValue Read(IntPtr value)
    {
        var api = OrtRuntime.Instance.Api;
        int kind;
        OrtStatus.Check(api, api.GetValueType(value, &kind), "reading an output's kind");
        return (OnnxValueKind)kind switch
        {
            OnnxValueKind.Tensor => ReadTensor(value),
            OnnxValueKind.Map => ReadMap(value),
            OnnxValueKind.Sequence => ReadSequence(value),
            var other => throw new NotSupportedException($"output values of kind {other} are not supported"),
        };
    }

    public static (TensorElementType Type, long[] Shape) ReadTensorInfo(IntPtr value)
    {
        var api = OrtRuntime.Instance.Api;
        IntPtr info;
        OrtStatus.Check(api, api.GetTensorTypeAndShape(value, &info), "reading a tensor's type and shape");
        try
        {
            int type;
            nuint count;
            OrtStatus.Check(api, api.GetTensorElementType(info, &type), "reading a tensor's element type");
            OrtStatus.Check(api, api.GetDimensionsCount(info, &count), "reading a tensor's rank");
            var shape = new long[(int)count];
            fixed (long* dims = shape) OrtStatus.Check(api, api.GetDimensions(info, dims, count), "reading a tensor's shape");
            return ((TensorElementType)type, shape);
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    /// <summary>Pointer to a numeric tensor's data; valid while the value lives.</summary>
    public static void* DataPointer(IntPtr value)
    {
        var api = OrtRuntime.Instance.Api;
        void* data;
        OrtStatus.Check(api, api.GetTensorMutableData(value, &data), "reading tensor data");
        return data;
    }

    private static OnnxTensor ReadTensor(IntPtr value)
    {
        var (type, shape) = ReadTensorInfo(value);
        var n = checked((int)Math.Max(ShapeMath.ElementCount(shape), 0));
        if (type == TensorElementType.String) return new OnnxTensor(type, shape, ReadStrings(value, n));
        var p = n == 0 ? null : DataPointer(value);
        Array data = type switch
        {
            TensorElementType.Float => Copy<float>(p, n),
            TensorElementType.Double => Copy<double>(p, n),
            TensorElementType.Int64 => Copy<long>(p, n),
            TensorElementType.Int32 => Copy<int>(p, n),
            TensorElementType.Int8 => Copy<sbyte>(p, n),
            TensorElementType.UInt8 => Copy<byte>(p, n),
            TensorElementType.Bool => Copy<bool>(p, n),
            TensorElementType.Int16 => Copy<short>(p, n),
            TensorElementType.UInt16 or TensorElementType.BFloat16 => Copy<ushort>(p, n),
            TensorElementType.UInt32 => Copy<uint>(p, n),
            TensorElementType.UInt64 => Copy<ulong>(p, n),
            TensorElementType.Float16 => Copy<Half>(p, n),
            TensorElementType.Complex64 => Copy<float>(p, 2 * n),
            TensorElementType.Complex128 => Copy<double>(p, 2 * n),
            _ => throw new NotSupportedException($"tensor element type {type} is not supported"),
        };
        return new OnnxTensor(type, shape, data);
    }

    private static T[] Copy<T>(void* p, int n) where T : unmanaged => n == 0 ? [] : new ReadOnlySpan<T>(p, n).ToArray();

    private static string[] ReadStrings(IntPtr value, int n)
    {
        if (n == 0) return [];
        var api = OrtRuntime.Instance.Api;
        nuint length;
        OrtStatus.Check(api, api.GetStringTensorDataLength(value, &length), "reading string tensor length");
        var bytes = new byte[(int)length];
        var offsets = new nuint[n];
        fixed (byte* b = bytes)
        fixed (nuint* o = offsets)
        {
            OrtStatus.Check(api, api.GetStringTensorContent(value, b, length, o, (nuint)n), "reading string tensor content");
        }
        var result = new string[n];
        for (var i = 0; i < n; i++)
        {
            var start = (int)offsets[i];
            var end = i + 1 < n ? (int)offsets[i + 1] : bytes.Length;
            result[i] = Encoding.UTF8.GetString(bytes, start, end - start);
        }
        return result;
    }

    private static OnnxMap ReadMap(IntPtr value)
    {
        var keys = (OnnxTensor)ReadPart(value, 0);
        var values = (OnnxTensor)ReadPart(value, 1);
        return new OnnxMap(keys, values);
    }

    private static OnnxSequence ReadSequence(IntPtr value)
    {
        var api = OrtRuntime.Instance.Api;
        nuint count;
        OrtStatus.Check(api, api.GetValueCount(value, &count), "reading a sequence's length");
        var items = new OnnxValue[(int)count];
        for (var i = 0; i < items.Length; i++) items[i] = ReadPart(value, i);
        return new OnnxSequence(items);
    }

    private static OnnxValue ReadPart(IntPtr value, int index)
    {
        var rt = OrtRuntime.Instance;
        IntPtr part;
        OrtStatus.Check(rt.Api, rt.Api.GetValue(value, index, rt.Allocator, &part), "reading part of a map or sequence");
        try
        {
            return Read(part);
        }
        finally
        {
            rt.Api.ReleaseValue(part);
        }
    }
}
