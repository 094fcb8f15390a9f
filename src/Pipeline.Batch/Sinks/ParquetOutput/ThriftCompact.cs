using System.Buffers.Binary;

namespace Pipeline.Batch.Sinks.ParquetOutput;

/// <summary>
/// A Thrift compact-protocol struct read without its schema: every field is kept (known or not) and written back as read, so
/// a Parquet footer can have a few offsets changed and its row groups concatenated without a generated Thrift model.
/// Values are <see cref="bool"/>, <see cref="long"/> (byte, i16, i32, i64), <see cref="double"/>, <see cref="byte"/>[]
/// (binary and string), <see cref="ThriftList"/>, <see cref="ThriftMap"/> and <see cref="ThriftStruct"/>.
/// </summary>
internal sealed class ThriftStruct
{
    public List<ThriftField> Fields { get; } = [];

    public ThriftField? Field(short id) => Fields.Find(f => f.Id == id);

    public ThriftStruct Struct(short id) => (ThriftStruct)(Field(id) ?? throw Missing(id)).Value;
    public ThriftList List(short id) => (ThriftList)(Field(id) ?? throw Missing(id)).Value;
    public long Integer(short id) => (long)(Field(id) ?? throw Missing(id)).Value;

    /// <summary>Sets an integer field that is present; a field the struct does not have stays absent.</summary>
    public void Update(short id, Func<long, long> change)
    {
        if (Field(id) is { } f) f.Value = change((long)f.Value);
    }

    private static InvalidDataException Missing(short id) => new($"Thrift struct has no field {id}");

    public static ThriftStruct Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new ThriftReader(bytes);
        return reader.ReadStruct();
    }

    public byte[] ToArray()
    {
        var writer = new ThriftWriter();
        writer.WriteStruct(this);
        return writer.ToArray();
    }
}

internal sealed class ThriftField(short id, byte type, object value)
{
    public short Id { get; } = id;
    /// <summary>Compact-protocol type (1/2 bool, 3 byte, 4 i16, 5 i32, 6 i64, 7 double, 8 binary, 9 list, 10 set, 11 map, 12 struct).</summary>
    public byte Type { get; } = type;
    public object Value { get; set; } = value;
}

/// <summary>A list or set (the field's type says which); its elements are values of <see cref="ElementType"/>.</summary>
internal sealed class ThriftList(byte elementType, List<object> items)
{
    public byte ElementType { get; } = elementType;
    public List<object> Items { get; } = items;
}

internal sealed class ThriftMap(byte keyType, byte valueType, List<KeyValuePair<object, object>> entries)
{
    public byte KeyType { get; } = keyType;
    public byte ValueType { get; } = valueType;
    public List<KeyValuePair<object, object>> Entries { get; } = entries;
}

internal ref struct ThriftReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public ThriftStruct ReadStruct()
    {
        var s = new ThriftStruct();
        short last = 0;
        while (true)
        {
            var header = Byte();
            if (header == 0) return s;
            var type = (byte)(header & 0x0F);
            var delta = header >> 4;
            var id = delta != 0 ? (short)(last + delta) : (short)ZigZag(Varint());
            last = id;
            object value = type switch
            {
                1 => true,
                2 => false,
                _ => Value(type),
            };
            s.Fields.Add(new ThriftField(id, type, value));
        }
    }

    private object Value(byte type) => type switch
    {
        1 or 2 => Byte() == 1,   // a bool inside a list or map is one byte: 1 true, 2 false
        3 => (long)(sbyte)Byte(),
        4 or 5 or 6 => ZigZag(Varint()),
        7 => Double(),
        8 => Binary(),
        9 or 10 => List(),
        11 => Map(),
        12 => ReadStruct(),
        _ => throw new InvalidDataException($"Thrift compact type {type} at byte {_at} is not one the protocol defines: the footer is corrupt"),
    };

    private ThriftList List()
    {
        var header = Byte();
        var size = header >> 4;
        if (size == 15) size = checked((int)Varint());
        var elementType = (byte)(header & 0x0F);
        var items = new List<object>(size);
        for (var i = 0; i < size; i++) items.Add(Value(elementType));
        return new ThriftList(elementType, items);
    }

    private ThriftMap Map()
    {
        var size = checked((int)Varint());
        if (size == 0) return new ThriftMap(0, 0, []);
        var types = Byte();
        byte keyType = (byte)(types >> 4), valueType = (byte)(types & 0x0F);
        var entries = new List<KeyValuePair<object, object>>(size);
        for (var i = 0; i < size; i++) entries.Add(new(Value(keyType), Value(valueType)));
        return new ThriftMap(keyType, valueType, entries);
    }

    private byte Byte() => _at < _bytes.Length ? _bytes[_at++] : throw new InvalidDataException("Thrift struct ends early: the footer is truncated");

    private ulong Varint()
    {
        ulong v = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            v |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new InvalidDataException("Thrift varint longer than 10 bytes: the footer is corrupt");
    }

    private static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private double Double()
    {
        if (_at + 8 > _bytes.Length) throw new InvalidDataException("Thrift struct ends early: the footer is truncated");
        var d = BinaryPrimitives.ReadDoubleLittleEndian(_bytes.Slice(_at, 8));
        _at += 8;
        return d;
    }

    private byte[] Binary()
    {
        var n = checked((int)Varint());
        if (_at + n > _bytes.Length) throw new InvalidDataException("Thrift binary runs past the end: the footer is truncated");
        var b = _bytes.Slice(_at, n).ToArray();
        _at += n;
        return b;
    }
}

internal sealed class ThriftWriter
{
    private readonly MemoryStream _out = new();

    public byte[] ToArray() => _out.ToArray();

    public void WriteStruct(ThriftStruct s)
    {
        short last = 0;
        foreach (var f in s.Fields)
        {
            var type = f.Type is 1 or 2 ? (byte)((bool)f.Value ? 1 : 2) : f.Type;
            var delta = f.Id - last;
            if (delta is > 0 and <= 15) _out.WriteByte((byte)(delta << 4 | type));
            else
            {
                _out.WriteByte(type);
                Varint(ZigZag(f.Id));
            }
            last = f.Id;
            if (f.Type is not (1 or 2)) Value(f.Type, f.Value);
        }
        _out.WriteByte(0);
    }

    private void Value(byte type, object value)
    {
        switch (type)
        {
            case 1 or 2: _out.WriteByte((byte)((bool)value ? 1 : 2)); break;
            case 3: _out.WriteByte((byte)(sbyte)(long)value); break;
            case 4 or 5 or 6: Varint(ZigZag((long)value)); break;
            case 7:
                Span<byte> d = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(d, (double)value);
                _out.Write(d);
                break;
            case 8:
                var b = (byte[])value;
                Varint((ulong)b.Length);
                _out.Write(b);
                break;
            case 9 or 10:
                var list = (ThriftList)value;
                if (list.Items.Count < 15) _out.WriteByte((byte)(list.Items.Count << 4 | list.ElementType));
                else
                {
                    _out.WriteByte((byte)(0xF0 | list.ElementType));
                    Varint((ulong)list.Items.Count);
                }
                foreach (var item in list.Items) Value(list.ElementType, item);
                break;
            case 11:
                var map = (ThriftMap)value;
                Varint((ulong)map.Entries.Count);
                if (map.Entries.Count == 0) break;
                _out.WriteByte((byte)(map.KeyType << 4 | map.ValueType));
                foreach (var (k, v) in map.Entries)
                {
                    Value(map.KeyType, k);
                    Value(map.ValueType, v);
                }
                break;
            case 12: WriteStruct((ThriftStruct)value); break;
            default: throw new InvalidOperationException($"Thrift compact type {type} cannot be written");
        }
    }

    private void Varint(ulong v)
    {
        while (v >= 0x80)
        {
            _out.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        _out.WriteByte((byte)v);
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));
}
