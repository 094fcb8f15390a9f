using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Pipeline.Protocol.Rest;

namespace Pipeline.Protocol.Tensors;

/// <summary>A tensor's elements to and from their two wire forms: a JSON array, and raw little-endian bytes (BYTES: 4-byte length + bytes each).</summary>
public static class TensorElements
{
    public const int MaxProblems = 50;

    /// <summary>Reads a (possibly nested) JSON array of <paramref name="count"/> elements; null when a problem was added.</summary>
    public static Array? ReadJson(JsonElement data, string datatype, long[] shape, string field, List<FieldProblem> problems, out bool[]? missing)
    {
        var count = Tensor.Count(shape);
        missing = null;
        var before = problems.Count;
        var values = Datatype.NewArray(datatype, (int)Math.Min(count, int.MaxValue));
        var k = 0;
        var nullable = datatype == Datatype.Bool || Datatype.IsInteger(datatype);
        foreach (var e in Flatten(data))
        {
            if (nullable && e.ValueKind == JsonValueKind.Null)
            {
                if (k < values.Length) (missing ??= new bool[values.Length])[k] = true;
            }
            else if (k < values.Length && Set(values, datatype, k, e) is { } problem) problems.Add(new($"{field}[{k}]", problem));
            if (problems.Count - before >= MaxProblems) return null;
            k++;
        }
        if (k != count) problems.Add(new(field, $"has {k} values but shape {Tensor.ShapeText(shape)} needs {count}; send one value per element, flat in row-major order"));
        return problems.Count > before ? null : values;
    }

    private static string? Set(Array values, string datatype, int k, JsonElement e)
    {
        switch (values)
        {
            case byte[][] bytes when datatype == Datatype.Bytes:
                if (e.ValueKind == JsonValueKind.String) { bytes[k] = Encoding.UTF8.GetBytes(e.GetString()!); return null; }
                if (e.ValueKind == JsonValueKind.Null) { bytes[k] = null!; return null; }
                return $"expected a string, got {JsonElements.Describe(e)}";
            case bool[] flags when datatype == Datatype.Bool:
                if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) { flags[k] = e.GetBoolean(); return null; }
                if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var b) && b is 0 or 1) { flags[k] = b == 1; return null; }
                return $"{JsonElements.Describe(e)} is not a boolean, which a BOOL tensor holds; send true/false (or 1/0), or declare the tensor FP32";
        }
        double d;
        switch (e.ValueKind)
        {
            case JsonValueKind.Number when e.TryGetDouble(out d): break;
            case JsonValueKind.True: d = 1; break;
            case JsonValueKind.False: d = 0; break;
            case JsonValueKind.Null: d = double.NaN; break;
            default: return $"expected a number, got {JsonElements.Describe(e)}";
        }
        if (Datatype.IsInteger(datatype))
        {
            if (Math.Floor(d) != d) return $"{JsonElements.Describe(e)} is not an integer, which a {datatype} tensor holds; send whole numbers or declare the tensor FP32";
            if (datatype.StartsWith('U') && d < 0) return $"{JsonElements.Describe(e)} is negative, which a {datatype} tensor cannot hold; send non-negative integers or declare the tensor INT64 or FP32";
        }
        try
        {
            switch (datatype)
            {
                case "FP32" when Math.Abs(d) <= float.MaxValue || double.IsNaN(d): ((float[])values)[k] = (float)d; return null;
                case "FP32": return $"{JsonElements.Describe(e)} is out of range for FP32";
                case "FP64": ((double[])values)[k] = d; return null;
                case "FP16": ((Half[])values)[k] = (Half)d; return null;
                case "INT64": ((long[])values)[k] = e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var l) ? l : checked((long)d); return null;
                case "INT32": ((int[])values)[k] = checked((int)d); return null;
                case "INT16": ((short[])values)[k] = checked((short)d); return null;
                case "INT8": ((sbyte[])values)[k] = checked((sbyte)d); return null;
                case "UINT64": ((ulong[])values)[k] = e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var u) ? u : checked((ulong)d); return null;
                case "UINT32": ((uint[])values)[k] = checked((uint)d); return null;
                case "UINT16": ((ushort[])values)[k] = checked((ushort)d); return null;
                case "UINT8": ((byte[])values)[k] = checked((byte)d); return null;
            }
        }
        catch (OverflowException) { }
        return $"{JsonElements.Describe(e)} is out of range for {datatype}";
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement array)
    {
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Array) foreach (var inner in Flatten(e)) yield return inner;
            else yield return e;
        }
    }

    /// <summary>Reads <paramref name="count"/> elements from raw bytes; null when a problem was added.</summary>
    public static Array? ReadBinary(ReadOnlySpan<byte> raw, string datatype, long count, string field, List<FieldProblem> problems)
    {
        if (datatype == Datatype.Bytes)
        {
            var items = new byte[count][];
            var at = 0;
            for (var k = 0; k < count; k++)
            {
                if (raw.Length - at < 4)
                {
                    problems.Add(new(field, $"BYTES element {k} has no 4-byte length prefix ({raw.Length - at} bytes left of {raw.Length}); each element is a little-endian uint32 length then that many bytes"));
                    return null;
                }
                var length = BinaryPrimitives.ReadUInt32LittleEndian(raw[at..]);
                at += 4;
                if (length > raw.Length - at)
                {
                    problems.Add(new(field, $"BYTES element {k} declares {length} bytes but only {raw.Length - at} are left in binary_data_size {raw.Length}"));
                    return null;
                }
                items[k] = raw.Slice(at, (int)length).ToArray();
                at += (int)length;
            }
            if (at != raw.Length)
            {
                problems.Add(new(field, $"binary_data_size is {raw.Length} bytes but the {count} BYTES elements of the shape take {at}; send the exact size"));
                return null;
            }
            return items;
        }
        var size = Datatype.ElementSize(datatype);
        if (raw.Length != count * size)
        {
            problems.Add(new(field, $"binary_data_size is {raw.Length} bytes but the shape's {count} {datatype} elements need {size} bytes per element = {count * size}; send the exact size"));
            return null;
        }
        var values = Datatype.NewArray(datatype, (int)count);
        if (datatype == Datatype.Bool)
        {
            var flags = (bool[])values;
            for (var k = 0; k < flags.Length; k++) flags[k] = raw[k] != 0;
            return values;
        }
        raw.CopyTo(Bytes(values));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("binary tensors are little-endian; this machine is not");
        return values;
    }

    /// <summary>The bytes of a fixed-size tensor's elements, as they lie in memory (little-endian on every supported platform).</summary>
    private static Span<byte> Bytes(Array values) => values switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        Half[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a.AsSpan(),
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new ArgumentException($"{values.GetType().Name} has no fixed-size binary form", nameof(values)),
    };

    /// <summary>Size in bytes of the tensor's binary form.</summary>
    public static int BinarySize(Tensor tensor)
    {
        if (tensor.Data is byte[][] items)
        {
            var total = 0;
            foreach (var item in items) total += 4 + (item?.Length ?? 0);
            return total;
        }
        return tensor.Data.Length * Datatype.ElementSize(tensor.Datatype);
    }

    /// <summary>Appends the tensor's binary form; returns its size.</summary>
    public static int WriteBinary(IBufferWriter<byte> output, Tensor tensor)
    {
        var size = BinarySize(tensor);
        var span = output.GetSpan(size)[..size];
        if (tensor.Data is byte[][] items)
        {
            var at = 0;
            foreach (var item in items)
            {
                var length = item?.Length ?? 0;
                BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)length);
                item?.CopyTo(span[(at + 4)..]);
                at += 4 + length;
            }
        }
        else if (tensor.Datatype == Datatype.Bool && tensor.Data is bool[] flags) for (var k = 0; k < flags.Length; k++) span[k] = flags[k] ? (byte)1 : (byte)0;
        else Bytes(tensor.Data).CopyTo(span);
        output.Advance(size);
        return size;
    }

    /// <summary>Writes the elements as a flat JSON array (NaN and infinities as null: JSON has no literal for them).</summary>
    public static void WriteJson(Utf8JsonWriter w, Array data)
    {
        w.WriteStartArray();
        switch (Datatype.Of(data))
        {
            case "FP32": foreach (var v in (float[])data) { if (float.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); } break;
            case "FP64": foreach (var v in (double[])data) { if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); } break;
            case "FP16": foreach (var v in (Half[])data) { if (Half.IsFinite(v)) w.WriteNumberValue((float)v); else w.WriteNullValue(); } break;
            case "INT64": foreach (var v in (long[])data) w.WriteNumberValue(v); break;
            case "INT32": foreach (var v in (int[])data) w.WriteNumberValue(v); break;
            case "INT16": foreach (var v in (short[])data) w.WriteNumberValue(v); break;
            case "INT8": foreach (var v in (sbyte[])data) w.WriteNumberValue(v); break;
            case "UINT64": foreach (var v in (ulong[])data) w.WriteNumberValue(v); break;
            case "UINT32": foreach (var v in (uint[])data) w.WriteNumberValue(v); break;
            case "UINT16": foreach (var v in (ushort[])data) w.WriteNumberValue(v); break;
            case "UINT8": foreach (var v in (byte[])data) w.WriteNumberValue(v); break;
            case "BOOL": foreach (var v in (bool[])data) w.WriteBooleanValue(v); break;
            case "BYTES": foreach (var v in (byte[][])data) { if (v is null) w.WriteNullValue(); else w.WriteStringValue(Encoding.UTF8.GetString(v)); } break;
        }
        w.WriteEndArray();
    }
}
