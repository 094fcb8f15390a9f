using System.Globalization;

namespace Pipeline.Protocol.Tensors;

/// <summary>
/// One named tensor of an inference request or answer: datatype, shape and its elements flat in row-major order, held in the
/// array type of the datatype (FP32 → float[], INT64 → long[], BOOL → bool[], BYTES → byte[][] …, see <see cref="Datatype.NewArray"/>).
/// </summary>
public sealed record Tensor
{
    public required string Name { get; init; }
    public required string Datatype { get; init; }
    public required long[] Shape { get; init; }
    public required Array Data { get; init; }

    /// <summary>JSON <c>null</c> elements of an integer or BOOL tensor (a missing value; FP tensors hold NaN, BYTES null); null when none.</summary>
    public bool[]? Missing { get; init; }

    /// <summary>Elements a shape holds (the product of its dimensions).</summary>
    public static long Count(IReadOnlyList<long> shape)
    {
        long n = 1;
        foreach (var d in shape) n = d < 0 ? -1 : checked(n * d);
        return n;
    }

    public static string ShapeText(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}]";

    /// <summary>An FP32 tensor.</summary>
    public static Tensor Of(string name, float[] data, params long[] shape) => new() { Name = name, Datatype = Tensors.Datatype.Fp32, Shape = shape, Data = data };

    /// <summary>A tensor of the datatype <paramref name="data"/> holds.</summary>
    public static Tensor Of(string name, Array data, params long[] shape) => new() { Name = name, Datatype = Tensors.Datatype.Of(data), Shape = shape, Data = data };

    /// <summary>Element <paramref name="i"/> as a double (numbers, BOOL as 1/0); NaN for BYTES and missing elements.</summary>
    public double NumberAt(int i) => Missing is { } m && m[i] ? double.NaN : Tensors.Datatype.Of(Data) switch
    {
        "FP32" => ((float[])Data)[i],
        "FP64" => ((double[])Data)[i],
        "FP16" => (double)((Half[])Data)[i],
        "INT64" => ((long[])Data)[i],
        "INT32" => ((int[])Data)[i],
        "INT16" => ((short[])Data)[i],
        "INT8" => ((sbyte[])Data)[i],
        "UINT64" => ((ulong[])Data)[i],
        "UINT32" => ((uint[])Data)[i],
        "UINT16" => ((ushort[])Data)[i],
        "UINT8" => ((byte[])Data)[i],
        "BOOL" => ((bool[])Data)[i] ? 1 : 0,
        _ => double.NaN,
    };
}
