using System.Runtime.InteropServices;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Runtime;

/// <summary>Reads the package's metadata and values into Pipeline's descriptions (<see cref="ValueTypeInfo"/>, <see cref="OnnxValue"/>).</summary>
internal static class OrtTypes
{
    /// <summary>Declared type of an input or output. <c>ElementType</c> throws for maps and sequences, so the kind is checked first.</summary>
    public static ValueTypeInfo Describe(Ort.NodeMetadata node)
    {
        switch (node.OnnxValueType)
        {
            case Ort.OnnxValueType.ONNX_TYPE_TENSOR:
            case Ort.OnnxValueType.ONNX_TYPE_SPARSETENSOR:
                var dims = node.Dimensions;
                var symbols = node.SymbolicDimensions;
                var shape = new Dimension[dims.Length];
                for (var i = 0; i < dims.Length; i++)
                {
                    var symbol = i < symbols.Length && !string.IsNullOrEmpty(symbols[i]) ? symbols[i] : null;
                    shape[i] = new Dimension(dims[i], symbol);
                }
                return new ValueTypeInfo
                {
                    Kind = node.OnnxValueType == Ort.OnnxValueType.ONNX_TYPE_TENSOR ? OnnxValueKind.Tensor : OnnxValueKind.SparseTensor,
                    ElementType = (TensorElementType)(int)node.ElementDataType,
                    Shape = shape,
                };
            case Ort.OnnxValueType.ONNX_TYPE_MAP:
                var map = node.AsMapMetadata();
                return new ValueTypeInfo { Kind = OnnxValueKind.Map, ElementType = (TensorElementType)(int)map.KeyDataType, Inner = Describe(map.ValueMetadata) };
            case Ort.OnnxValueType.ONNX_TYPE_SEQUENCE:
                return new ValueTypeInfo { Kind = OnnxValueKind.Sequence, Inner = Describe(node.AsSequenceMetadata().ElementMeta) };
            default:
                return new ValueTypeInfo { Kind = (OnnxValueKind)(int)node.OnnxValueType };
        }
    }

    /// <summary>Copies a value (tensor, map or sequence) into managed memory.</summary>
    public static OnnxValue Read(Ort.OrtValue value) => value.OnnxType switch
    {
        Ort.OnnxValueType.ONNX_TYPE_TENSOR => ReadTensor(value),
        Ort.OnnxValueType.ONNX_TYPE_MAP => ReadMap(value),
        Ort.OnnxValueType.ONNX_TYPE_SEQUENCE => ReadSequence(value),
        var other => throw new NotSupportedException($"output values of kind {other} are not supported"),
    };

    public static (TensorElementType Type, long[] Shape) TensorInfo(Ort.OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        return ((TensorElementType)(int)info.ElementDataType, info.Shape);
    }

    private static OnnxTensor ReadTensor(Ort.OrtValue value)
    {
        var (type, shape) = TensorInfo(value);
        Array data = type switch
        {
            TensorElementType.String => value.GetStringTensorAsArray(),
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            TensorElementType.UInt16 or TensorElementType.BFloat16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            TensorElementType.UInt32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorElementType.UInt64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            TensorElementType.Float16 => MemoryMarshal.Cast<ushort, Half>(value.GetTensorDataAsSpan<ushort>()).ToArray(),
            _ => throw new NotSupportedException($"tensor element type {type} is not supported"),
        };
        return new OnnxTensor(type, shape, data);
    }

    private static OnnxMap ReadMap(Ort.OrtValue value)
    {
        using var keys = value.GetValue(0, Ort.OrtAllocator.DefaultInstance);
        using var values = value.GetValue(1, Ort.OrtAllocator.DefaultInstance);
        return new OnnxMap(ReadTensor(keys), ReadTensor(values));
    }

    private static OnnxSequence ReadSequence(Ort.OrtValue value)
    {
        var items = new OnnxValue[value.GetValueCount()];
        for (var i = 0; i < items.Length; i++)
        {
            using var item = value.GetValue(i, Ort.OrtAllocator.DefaultInstance);
            items[i] = Read(item);
        }
        return new OnnxSequence(items);
    }

    /// <summary>The loaded libonnxruntime: read from the process's mappings (Linux), else the package's file next to the app.</summary>
    public static string LibraryPath()
    {
        _ = Ort.OrtEnv.Instance();   // loads the library
        if (File.Exists("/proc/self/maps"))
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/');
                if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).StartsWith("libonnxruntime.", StringComparison.Ordinal)) return line[slash..];
            }
        var name = OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so";
        var candidates = new[] { Path.Combine(AppContext.BaseDirectory, name), Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name) };
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }
}
