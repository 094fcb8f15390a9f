using System.Buffers.Binary;

namespace Pipeline.Batch.Sinks.ParquetOutput;

/// <summary>
/// Appends the row groups of a self-contained Parquet file (one chunk, encoded in memory) to a Parquet file on disk without
/// decoding them: the part's column chunks are copied where the file's footer was, their offsets in the part's footer are
/// moved by where they now start, and one footer listing the file's row groups and the part's is written after them.
/// The file is a valid Parquet file before and after each append, so a checkpoint can be taken after every chunk.
/// </summary>
/// <remarks>
/// Only offsets that point into the column chunks themselves are moved (the row group's, each column chunk's, and its
/// data, dictionary and index page offsets). A page index or bloom filter lies outside the row groups and holds absolute
/// offsets of its own, so a part that has one is refused rather than copied wrong; the batch writer disables both.
/// </remarks>
internal static class RowGroupSplice
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    // parquet.thrift field ids
    private const short FileSchema = 2, FileNumRows = 3, FileRowGroups = 4;
    private const short GroupColumns = 1, GroupFileOffset = 5, GroupOrdinal = 7;
    private const short ChunkFileOffset = 2, ChunkMetaData = 3, ChunkOffsetIndex = 4, ChunkColumnIndex = 6;
    private const short MetaDataPage = 9, MetaIndexPage = 10, MetaDictionaryPage = 11, MetaBloomFilter = 14;

    /// <summary>Appends <paramref name="part"/> (a whole Parquet file) to <paramref name="file"/> (empty, or a whole Parquet file of the same schema).</summary>
    public static void Append(FileStream file, ReadOnlySpan<byte> part)
    {
        var (partFooter, partFooterStart) = Footer(part, "the encoded chunk");
        if (file.Length == 0)
        {
            file.Position = 0;
            file.Write(part);
            return;
        }
        var tail = new byte[Math.Min(file.Length, 8)];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        var footerLength = FooterLength(tail, file.Name);
        var footerStart = file.Length - 8 - footerLength;
        if (footerStart < 4) throw Corrupt(file.Name, "its footer length is larger than the file");
        var footerBytes = new byte[footerLength];
        file.Position = footerStart;
        file.ReadExactly(footerBytes);
        var footer = ThriftStruct.Read(footerBytes);

        if (!Same(footer.List(FileSchema), partFooter.List(FileSchema)))
            throw new InvalidDataException($"{file.Name} has another schema than the rows being appended: the staging file belongs to another layout; delete it to start the batch over");

        var shift = footerStart - 4;
        var groups = footer.List(FileRowGroups).Items;
        foreach (ThriftStruct group in partFooter.List(FileRowGroups).Items)
        {
            group.Update(GroupFileOffset, o => o + shift);
            group.Update(GroupOrdinal, _ => groups.Count);
            foreach (ThriftStruct chunk in group.List(GroupColumns).Items)
            {
                if (chunk.Field(ChunkOffsetIndex) is not null || chunk.Field(ChunkColumnIndex) is not null)
                    throw new InvalidOperationException("the encoded chunk has a page index, whose absolute offsets cannot be moved: write it without one");
                chunk.Update(ChunkFileOffset, o => o == 0 ? 0 : o + shift);   // deprecated; 0 (what Arrow writes) means "no metadata outside the footer"
                var meta = chunk.Struct(ChunkMetaData);
                if (meta.Field(MetaBloomFilter) is not null)
                    throw new InvalidOperationException("the encoded chunk has a bloom filter outside its row group: write it without one");
                meta.Update(MetaDataPage, o => o + shift);
                meta.Update(MetaIndexPage, o => o + shift);
                meta.Update(MetaDictionaryPage, o => o + shift);
            }
            groups.Add(group);
        }
        var rows = footer.Field(FileNumRows) ?? throw Corrupt(file.Name, "its footer has no row count");
        rows.Value = (long)rows.Value + partFooter.Integer(FileNumRows);

        var merged = footer.ToArray();
        file.Position = footerStart;
        file.Write(part[4..partFooterStart]);
        file.Write(merged);
        Span<byte> end = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(end, merged.Length);
        Magic.CopyTo(end[4..]);
        file.Write(end);
        file.SetLength(file.Position);
    }

    private static (ThriftStruct Footer, int Start) Footer(ReadOnlySpan<byte> whole, string name)
    {
        if (whole.Length < 12 || !whole[..4].SequenceEqual(Magic)) throw Corrupt(name, "it does not start with PAR1");
        var length = FooterLength(whole[^8..], name);
        var start = whole.Length - 8 - length;
        if (start < 4) throw Corrupt(name, "its footer length is larger than the file");
        return (ThriftStruct.Read(whole[start..(whole.Length - 8)]), start);
    }

    private static int FooterLength(ReadOnlySpan<byte> tail, string name)
    {
        if (tail.Length < 8 || !tail[4..].SequenceEqual(Magic)) throw Corrupt(name, "it does not end with PAR1");
        var length = BinaryPrimitives.ReadInt32LittleEndian(tail);
        return length > 0 ? length : throw Corrupt(name, $"its footer length is {length}");
    }

    private static bool Same(ThriftList a, ThriftList b)
    {
        static byte[] Bytes(ThriftList l)
        {
            var s = new ThriftStruct();
            s.Fields.Add(new ThriftField(1, 9, l));
            return s.ToArray();
        }
        return Bytes(a).AsSpan().SequenceEqual(Bytes(b));
    }

    private static InvalidDataException Corrupt(string name, string why) => new($"{name} is not a whole Parquet file: {why}");
}
