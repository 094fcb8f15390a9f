using System.Runtime.InteropServices;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Native;

/// <summary>Reads an OrtTypeInfo (tensor, map, sequence; recursively) into a <see cref="ValueTypeInfo"/>.</summary>
internal static unsafe class TypeInfoReader
{
    /// <summary>Reads and releases <paramref name="typeInfo"/>.</summary>
    public static ValueTypeInfo ReadAndRelease(IntPtr typeInfo)
    {
        try
        {
            return Read(typeInfo);
        }
        finally
        {
            OrtRuntime.Instance.Api.ReleaseTypeInfo(typeInfo);
        }
    }

    private static ValueTypeInfo Read(IntPtr typeInfo)
    {
        var api = OrtRuntime.Instance.Api;
        int kind;
        OrtStatus.Check(api, api.GetOnnxTypeFromTypeInfo(typeInfo, &kind), "reading a value's kind");
        switch ((OnnxValueKind)kind)
        {
            case OnnxValueKind.Tensor:
            case OnnxValueKind.SparseTensor:
            {
                IntPtr tensor;
                OrtStatus.Check(api, api.CastTypeInfoToTensorInfo(typeInfo, &tensor), "reading tensor type info");
                return tensor == IntPtr.Zero ? new ValueTypeInfo { Kind = (OnnxValueKind)kind } : ReadTensor(tensor, (OnnxValueKind)kind);
            }
            case OnnxValueKind.Map:
            {
                IntPtr map, valueType;
                int keyType;
                OrtStatus.Check(api, api.CastTypeInfoToMapTypeInfo(typeInfo, &map), "reading map type info");
                OrtStatus.Check(api, api.GetMapKeyType(map, &keyType), "reading a map's key type");
                OrtStatus.Check(api, api.GetMapValueType(map, &valueType), "reading a map's value type");
                return new ValueTypeInfo { Kind = OnnxValueKind.Map, ElementType = (TensorElementType)keyType, Inner = ReadAndRelease(valueType) };
            }
            case OnnxValueKind.Sequence:
            {
                IntPtr sequence, element;
                OrtStatus.Check(api, api.CastTypeInfoToSequenceTypeInfo(typeInfo, &sequence), "reading sequence type info");
                OrtStatus.Check(api, api.GetSequenceElementType(sequence, &element), "reading a sequence's element type");
                return new ValueTypeInfo { Kind = OnnxValueKind.Sequence, Inner = ReadAndRelease(element) };
            }
            default:
                return new ValueTypeInfo { Kind = (OnnxValueKind)kind };
        }
    }

    private static ValueTypeInfo ReadTensor(IntPtr tensor, OnnxValueKind kind)
    {
        var api = OrtRuntime.Instance.Api;
        int type;
        nuint rank;
        OrtStatus.Check(api, api.GetTensorElementType(tensor, &type), "reading a tensor's element type");
        OrtStatus.Check(api, api.GetDimensionsCount(tensor, &rank), "reading a tensor's rank");
        var sizes = new long[(int)rank];
        var symbols = new IntPtr[(int)rank];
        fixed (long* s = sizes) OrtStatus.Check(api, api.GetDimensions(tensor, s, rank), "reading a tensor's dimensions");
        fixed (IntPtr* p = symbols) OrtStatus.Check(api, api.GetSymbolicDimensions(tensor, p, rank), "reading a tensor's symbolic dimensions");
        var shape = new Dimension[(int)rank];
        for (var i = 0; i < shape.Length; i++)
        {
            var symbol = symbols[i] == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(symbols[i]);
            shape[i] = new Dimension(sizes[i], string.IsNullOrEmpty(symbol) ? null : symbol);
        }
        return new ValueTypeInfo { Kind = kind, ElementType = (TensorElementType)type, Shape = shape };
    }
}
