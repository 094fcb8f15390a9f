using System.IO.Compression;
using Pipeline.Data.Contracts;

namespace Pipeline.Data.Reading;

/// <summary>Opens a dataset file: plain or gzip (by extension or magic bytes), and decides its format.</summary>
internal static class DataFile
{
    public static DataFormat FormatOf(string path, DataFormat declared)
    {
        if (declared != DataFormat.Auto) return declared;
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? DataFormat.JsonLines
            : DataFormat.Csv;
    }

    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
