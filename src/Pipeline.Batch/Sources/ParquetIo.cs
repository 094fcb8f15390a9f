using Parquet;

namespace Pipeline.Batch.Sources;

/// <summary>Parquet options of the batch reader and writer.</summary>
internal static class ParquetIo
{
    /// <summary>
    /// Parquet.Net pages through RecyclableMemoryStreams from one static pool per reader / writer class; the free memory it
    /// keeps is capped here explicitly (16 MB small, 64 MB large: the defaults of Parquet.Net's current sources), so the
    /// bound does not depend on the package version's default.
    /// </summary>
    public static ParquetOptions Options => new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };
}
