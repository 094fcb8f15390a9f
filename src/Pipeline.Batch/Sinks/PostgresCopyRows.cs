using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace Pipeline.Batch.Sinks;

/// <summary>
/// A chunk's rows as PostgreSQL binary COPY data (signature, header, one tuple per row — <c>row</c> bigint, <c>key</c> text,
/// <c>score</c> real — and the trailer), formatted straight into one reused buffer: no per-value call into the driver, no
/// allocation per row. The layout is PostgreSQL's documented COPY BINARY file format (big-endian, length-prefixed fields).
/// </summary>
internal sealed class PostgresCopyRows
{
    private const int FieldsPerRow = 3;
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private byte[] _buffer = new byte[1 << 20];

    public async Task WriteAsync(NpgsqlRawCopyStream copy, ScoredChunk chunk, CancellationToken ct)
    {
        var used = Header(_buffer);
        var next = 0;
        while (next < chunk.Rows)
        {
            (next, used) = Fill(chunk, next, used);
            await copy.WriteAsync(_buffer.AsMemory(0, used), ct);
            used = 0;
        }
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(used), -1);
        await copy.WriteAsync(_buffer.AsMemory(0, used + 2), ct);
    }

    private static int Header(Span<byte> buffer)
    {
        Signature.CopyTo(buffer);
        var n = Signature.Length;
        BinaryPrimitives.WriteInt32BigEndian(buffer[n..], 0);      // flags: no OIDs
        BinaryPrimitives.WriteInt32BigEndian(buffer[(n + 4)..], 0); // header extension length
        return n + 8;
    }

    /// <summary>Rows from <paramref name="row"/> on until the buffer is full; returns the next row and the bytes used.</summary>
    private (int Next, int Used) Fill(ScoredChunk chunk, int row, int used)
    {
        var keys = chunk.Keys;
        for (; row < chunk.Rows; row++)
        {
            var key = keys is not null && !keys.IsMissing(row) ? keys[row] : (ReadOnlyMemory<char>?)null;
            var most = 2 + 12 + 4 + 8 + (key is { } k ? Encoding.UTF8.GetMaxByteCount(k.Length) : 0) + 2;
            if (used + most > _buffer.Length)
            {
                if (used > 0) return (row, used);
                _buffer = new byte[most];
            }
            var span = _buffer.AsSpan(used);
            BinaryPrimitives.WriteInt16BigEndian(span, FieldsPerRow);
            BinaryPrimitives.WriteInt32BigEndian(span[2..], 8);
            BinaryPrimitives.WriteInt64BigEndian(span[6..], chunk.FirstRow + row);
            var n = 14;
            if (key is { } text)
            {
                var length = Encoding.UTF8.GetBytes(text.Span, span[(n + 4)..]);
                BinaryPrimitives.WriteInt32BigEndian(span[n..], length);
                n += 4 + length;
            }
            else
            {
                BinaryPrimitives.WriteInt32BigEndian(span[n..], -1);
                n += 4;
            }
            BinaryPrimitives.WriteInt32BigEndian(span[n..], 4);
            BinaryPrimitives.WriteSingleBigEndian(span[(n + 4)..], chunk.Scores[row]);
            used += n + 8;
        }
        return (row, used);
    }
}
