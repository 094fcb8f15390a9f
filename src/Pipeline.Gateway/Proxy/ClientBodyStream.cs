namespace Pipeline.Gateway.Proxy;

/// <summary>
/// The client's request body as streamed to an upstream; remembers why reading it failed (a body shorter than its Content-Length,
/// one arriving too slowly), so the proxy answers that as the client's fault instead of as an upstream failure.
/// </summary>
internal sealed class ClientBodyStream(Stream client) : Stream
{
    /// <summary>Kestrel's verdict on the client's body (400 too short, 408 too slow), once a read failed.</summary>
    public BadHttpRequestException? Failure { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await client.ReadAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            Failure = e;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the client body is read asynchronously");
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
