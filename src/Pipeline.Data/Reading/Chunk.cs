using System.Buffers;

namespace Pipeline.Data.Reading;

/// <summary>A run of complete records from a data file. <see cref="FirstRow"/> is the 1-based number of its first record.</summary>
internal sealed class Chunk(byte[] buffer, int length, long firstRow, int records, bool hasQuotes)
{
    public byte[] Buffer { get; } = buffer;
    public int Length { get; } = length;
    public long FirstRow { get; } = firstRow;
    public int Records { get; } = records;
    public bool HasQuotes { get; } = hasQuotes;

    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
