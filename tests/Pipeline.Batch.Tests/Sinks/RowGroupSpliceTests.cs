using ParquetSharp;
using ParquetSharp.IO;
using Pipeline.Batch.Sinks.ParquetOutput;
using Pipeline.Batch.Tests.Support;

namespace Pipeline.Batch.Tests.Sinks;

public sealed class RowGroupSpliceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Append_ThreeParts_EachStepIsAWholeFileBothReadersReadInOrder()
    {
        var path = Path.Combine(_temp.Path, "spliced.parquet");
        var expected = new List<(long Id, string Name)>();
        var parts = new[] { Part(0, 1000, "alpha"), Part(1000, 1, "beta"), Part(1001, 5000, "gamma") };
        foreach (var (bytes, rows) in parts)
        {
            await using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite))
                RowGroupSplice.Append(file, bytes);
            expected.AddRange(rows);

            Assert.Equal(expected, ReadWithArrow(path));
            Assert.Equal(expected, await ReadWithParquetNet(path));
        }
        // Each row group and column chunk points at its own pages: the first page of each spliced chunk starts where the
        // previous chunk's pages end, inside the file body.
        var whole = await File.ReadAllBytesAsync(path);
        var footerLength = BitConverter.ToInt32(whole, whole.Length - 8);
        var footer = ThriftStruct.Read(whole.AsSpan(whole.Length - 8 - footerLength, footerLength));
        var previousEnd = 4L;
        foreach (ThriftStruct group in footer.List(4).Items)
        {
            var chunks = group.List(1).Items.Cast<ThriftStruct>().ToList();
            long FirstPage(ThriftStruct chunk) => chunk.Struct(3).Field(11) is { } dictionary ? (long)dictionary.Value : chunk.Struct(3).Integer(9);
            Assert.Equal(previousEnd, FirstPage(chunks[0]));
            Assert.Equal(FirstPage(chunks[0]), group.Integer(5));
            Assert.All(chunks, c => Assert.Equal(0L, c.Integer(2)));   // the deprecated offset stays "unset"
            previousEnd = FirstPage(chunks[^1]) + chunks[^1].Struct(3).Integer(7);   // + total_compressed_size
        }
        Assert.Equal(whole.Length - 8 - footerLength, previousEnd);

        using var reader = new ParquetFileReader(path);
        Assert.Equal(3, reader.FileMetaData.NumRowGroups);
        Assert.Equal(6001, reader.FileMetaData.NumRows);
        Assert.Equal("first", reader.FileMetaData.KeyValueMetadata["part"]);
    }

    [Fact]
    public void ThriftStruct_ReadThenWritten_IsByteForByteTheFooterArrowWrote()
    {
        var (bytes, _) = Part(0, 300, "x");
        var length = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footer = bytes.AsSpan(bytes.Length - 8 - length, length);

        Assert.Equal(footer.ToArray(), ThriftStruct.Read(footer).ToArray());
    }

    [Fact]
    public void Append_PartWithAPageIndex_RefusedAndTheFileUnchanged()
    {
        var error = RefusedOnAWholeFile<InvalidOperationException>(Part(100, 100, "b", pageIndex: true).Bytes, out _);

        Assert.Contains("page index", error.Message);
    }

    [Fact]
    public void Append_PartOfAnotherSchema_NamesTheFileAndLeavesItUnchanged()
    {
        var error = RefusedOnAWholeFile<InvalidDataException>(OtherSchema(), out var path);

        Assert.Contains(path, error.Message);
        Assert.Contains("another schema", error.Message);
    }

    /// <summary>Appends <paramref name="part"/> to a file of one row group, expecting the append refused; the file must be left byte for byte as it was.</summary>
    private TException RefusedOnAWholeFile<TException>(byte[] part, out string path) where TException : Exception
    {
        path = Path.Combine(_temp.Path, "spliced.parquet");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite)) RowGroupSplice.Append(file, Part(0, 100, "a").Bytes);
        var before = File.ReadAllBytes(path);

        TException error;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
            error = Assert.Throws<TException>(() => RowGroupSplice.Append(file, part));

        Assert.Equal(before, File.ReadAllBytes(path));
        return error;
    }

    [Fact]
    public void Append_TargetIsNotParquet_SaysSo()
    {
        var path = Path.Combine(_temp.Path, "torn.parquet");
        File.WriteAllText(path, "not a parquet file at all");
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);

        var error = Assert.Throws<InvalidDataException>(() => RowGroupSplice.Append(file, Part(0, 10, "a").Bytes));

        Assert.Contains("is not a whole Parquet file", error.Message);
    }

    /// <summary>A whole Parquet file of one row group: id (int64) and name (dictionary-encoded string), written by Arrow's writer.</summary>
    private static (byte[] Bytes, List<(long, string)> Rows) Part(long first, int n, string name, bool pageIndex = false)
    {
        var rows = Enumerable.Range(0, n).Select(i => (first + i, $"{name}-{i % 7}")).ToList();
        using var buffer = new MemoryStream();
        var builder = new WriterPropertiesBuilder().Compression(Compression.Snappy);
        if (pageIndex) builder.EnableWritePageIndex();
        else builder.DisableWritePageIndex();   // Arrow writes one by default
        using var properties = builder.Build();
        using (var output = new ManagedOutputStream(buffer, leaveOpen: true))
        using (var writer = new ParquetFileWriter(output, [new Column<long>("id"), new Column<string>("name")], properties, new Dictionary<string, string> { ["part"] = first == 0 ? "first" : "later" }))
        {
            using var group = writer.AppendRowGroup();
            using (var ids = group.NextColumn().LogicalWriter<long>()) ids.WriteBatch(rows.Select(r => r.Item1).ToArray());
            using (var names = group.NextColumn().LogicalWriter<string>()) names.WriteBatch(rows.Select(r => r.Item2).ToArray());
            writer.Close();
        }
        return (buffer.ToArray(), rows);
    }

    private static byte[] OtherSchema()
    {
        using var buffer = new MemoryStream();
        using (var output = new ManagedOutputStream(buffer, leaveOpen: true))
        using (var writer = new ParquetFileWriter(output, [new Column<double>("value")]))
        {
            using var group = writer.AppendRowGroup();
            using (var values = group.NextColumn().LogicalWriter<double>()) values.WriteBatch([1.0, 2.0]);
            writer.Close();
        }
        return buffer.ToArray();
    }

    private static List<(long, string)> ReadWithArrow(string path)
    {
        using var reader = new ParquetFileReader(path);
        var rows = new List<(long, string)>();
        for (var g = 0; g < reader.FileMetaData.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var ids = group.Column(0).LogicalReader<long>().ReadAll(n);
            var names = group.Column(1).LogicalReader<string>().ReadAll(n);
            rows.AddRange(ids.Zip(names));
        }
        return rows;
    }

    private static async Task<List<(long, string)>> ReadWithParquetNet(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await global::Parquet.ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        var rows = new List<(long, string)>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var ids = new long[n];
            await group.ReadAsync<long>(fields[0], ids.AsMemory());
            var names = new string?[n];
            await group.ReadAsync(fields[1], names.AsMemory());
            rows.AddRange(ids.Zip(names.Select(s => s!)));
        }
        return rows;
    }
}
