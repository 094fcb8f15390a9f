using Parquet;

namespace Pipeline.Batch.Sources;

/// <summary>Parquet options of the batch reader and writer.</summary>
internal static class ParquetIo
{
    /// <summary>
    /// Parquet.Net pages through RecyclableMemoryStreams whose pool, left unset, keeps an unbounded amount of freed
    /// memory (its documentation); capping the free pool keeps a run's memory bounded by the chunks in flight.
    /// </summary>
    public static ParquetOptions Options => new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };
}
