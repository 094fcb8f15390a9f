namespace Pipeline.Protocol.Tensors;

/// <summary>The Open Inference Protocol v2 tensor datatypes: names, element sizes and the .NET array each is held in.</summary>
public static class Datatype
{
    public const string Bool = "BOOL";
    public const string Bytes = "BYTES";
    public const string Fp32 = "FP32";
    public const string Fp64 = "FP64";
    public const string Int64 = "INT64";

    /// <summary>Every datatype the protocol names, in the specification's order.</summary>
    public static readonly IReadOnlyList<string> All =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    public static bool IsKnown(string datatype) => All.Contains(datatype);

    /// <summary>Bytes per element in the binary (raw, little-endian) form; 0 for BYTES, whose elements carry their own length.</summary>
    public static int ElementSize(string datatype) => datatype switch
    {
        "BOOL" or "UINT8" or "INT8" => 1,
        "UINT16" or "INT16" or "FP16" => 2,
        "UINT32" or "INT32" or "FP32" => 4,
        "UINT64" or "INT64" or "FP64" => 8,
        _ => 0,
    };

    public static bool IsInteger(string datatype) => datatype.StartsWith("INT", StringComparison.Ordinal) || datatype.StartsWith("UINT", StringComparison.Ordinal);

    /// <summary>An empty array of the type that holds <paramref name="datatype"/> elements.</summary>
    public static Array NewArray(string datatype, int length) => datatype switch
    {
        "BOOL" => new bool[length],
        "UINT8" => new byte[length],
        "UINT16" => new ushort[length],
        "UINT32" => new uint[length],
        "UINT64" => new ulong[length],
        "INT8" => new sbyte[length],
        "INT16" => new short[length],
        "INT32" => new int[length],
        "INT64" => new long[length],
        "FP16" => new Half[length],
        "FP32" => new float[length],
        "FP64" => new double[length],
        "BYTES" => new byte[length][],
        _ => throw new ArgumentException($"'{datatype}' is not an Open Inference Protocol datatype; use one of {string.Join(", ", All)}", nameof(datatype)),
    };

    /// <summary>The datatype whose elements <paramref name="data"/> holds.</summary>
    public static string Of(Array data)
    {
        // By exact element type: the runtime lets long[] pass as ulong[] (and int[] as uint[] …) in type tests.
        var e = data.GetType().GetElementType();
        if (e == typeof(bool)) return "BOOL";
        if (e == typeof(byte)) return "UINT8";
        if (e == typeof(ushort)) return "UINT16";
        if (e == typeof(uint)) return "UINT32";
        if (e == typeof(ulong)) return "UINT64";
        if (e == typeof(sbyte)) return "INT8";
        if (e == typeof(short)) return "INT16";
        if (e == typeof(int)) return "INT32";
        if (e == typeof(long)) return "INT64";
        if (e == typeof(Half)) return "FP16";
        if (e == typeof(float)) return "FP32";
        if (e == typeof(double)) return "FP64";
        if (e == typeof(byte[])) return "BYTES";
        throw new ArgumentException($"{data.GetType().Name} holds no Open Inference Protocol datatype", nameof(data));
    }
}
