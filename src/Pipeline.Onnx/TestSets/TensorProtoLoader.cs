using System.Runtime.InteropServices;
using Pipeline.Onnx.Proto;
using Pipeline.Onnx.Runtime;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Onnx.TestSets;

/// <summary>Reads serialized TensorProto files (<c>input_0.pb</c>, <c>output_0.pb</c> of ONNX test sets) into tensors.</summary>
public static class TensorProtoLoader
{
    public static TensorProto Read(string path)
    {
        try
        {
            return TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path} is not a serialized onnx.TensorProto: {e.Message}", e);
        }
    }

    /// <summary>The tensor's values as a managed tensor (element type, shape, CLR array).</summary>
    public static OnnxTensor ToManaged(TensorProto t)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new NotSupportedException($"tensor {t.Name} keeps its data in an external file, which this loader does not read");
        var shape = t.Dims.ToArray();
        var n = checked((int)Math.Max(ShapeMath.ElementCount(shape), 0));
        var raw = t.RawData.Span;
        var type = (DataType)t.DataType;
        Array data = type switch
        {
            DataType.Float => raw.Length > 0 ? FromRaw<float>(raw, n) : t.FloatData.ToArray(),
            DataType.Double => raw.Length > 0 ? FromRaw<double>(raw, n) : t.DoubleData.ToArray(),
            DataType.Int64 => raw.Length > 0 ? FromRaw<long>(raw, n) : t.Int64Data.ToArray(),
            DataType.Int32 => raw.Length > 0 ? FromRaw<int>(raw, n) : t.Int32Data.ToArray(),
            DataType.Int16 => raw.Length > 0 ? FromRaw<short>(raw, n) : t.Int32Data.Select(v => (short)v).ToArray(),
            DataType.Uint16 => raw.Length > 0 ? FromRaw<ushort>(raw, n) : t.Int32Data.Select(v => (ushort)v).ToArray(),
            DataType.Int8 => raw.Length > 0 ? FromRaw<sbyte>(raw, n) : t.Int32Data.Select(v => (sbyte)v).ToArray(),
            DataType.Uint8 => raw.Length > 0 ? FromRaw<byte>(raw, n) : t.Int32Data.Select(v => (byte)v).ToArray(),
            DataType.Bool => raw.Length > 0 ? FromRaw<bool>(raw, n) : t.Int32Data.Select(v => v != 0).ToArray(),
            DataType.Float16 => raw.Length > 0 ? FromRaw<Half>(raw, n) : t.Int32Data.Select(v => BitConverter.UInt16BitsToHalf((ushort)v)).ToArray(),
            DataType.Uint32 => raw.Length > 0 ? FromRaw<uint>(raw, n) : t.Uint64Data.Select(v => (uint)v).ToArray(),
            DataType.Uint64 => raw.Length > 0 ? FromRaw<ulong>(raw, n) : t.Uint64Data.ToArray(),
            DataType.String => t.StringData.Select(s => s.ToStringUtf8()).ToArray(),
            _ => throw new NotSupportedException($"tensor {t.Name}: element type {type} is not supported by the loader"),
        };
        if (data.Length != n)
            throw new InvalidDataException($"tensor {t.Name}: shape [{string.Join(",", shape)}] needs {n} {type} values, the file holds {data.Length}");
        return new OnnxTensor((TensorElementType)t.DataType, shape, data);
    }

    /// <summary>An input value for ONNX Runtime holding a copy of the tensor.</summary>
    public static OrtValue ToOrtValue(TensorProto t) => ToOrtValue(ToManaged(t));

    public static OrtValue ToOrtValue(OnnxTensor tensor)
    {
        var shape = tensor.Shape.ToArray();
        return tensor.Data switch
        {
            float[] a => OrtValue.CreateTensor(a, shape),
            double[] a => OrtValue.CreateTensor(a, shape),
            long[] a => OrtValue.CreateTensor(a, shape),
            int[] a => OrtValue.CreateTensor(a, shape),
            short[] a => OrtValue.CreateTensor(a, shape),
            ushort[] a => OrtValue.CreateTensor(a, shape),
            sbyte[] a => OrtValue.CreateTensor(a, shape),
            byte[] a => OrtValue.CreateTensor(a, shape),
            bool[] a => OrtValue.CreateTensor(a, shape),
            Half[] a => OrtValue.CreateTensor(a, shape),
            uint[] a => OrtValue.CreateTensor(a, shape),
            ulong[] a => OrtValue.CreateTensor(a, shape),
            string[] a => OrtValue.CreateStringTensor(a, shape),
            var other => throw new NotSupportedException($"cannot build an input from {other.GetType().Name}"),
        };
    }

    private static T[] FromRaw<T>(ReadOnlySpan<byte> raw, int n) where T : unmanaged
    {
        var values = MemoryMarshal.Cast<byte, T>(raw);
        if (values.Length != n)
            throw new InvalidDataException($"raw_data holds {values.Length} {typeof(T).Name} values, the shape needs {n}");
        return values.ToArray();
    }
}
