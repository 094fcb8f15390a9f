using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Benchmarking.Load;

/// <summary>A raw keep-alive HTTP/1.1 client connection: one request in flight, response framed by Content-Length or chunked encoding.</summary>
internal sealed class HttpConnection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private HttpConnection(Socket socket) => _socket = socket;

    public bool Closed { get; private set; }

    public static async Task<HttpConnection> OpenAsync(IPEndPoint endPoint, CancellationToken ct)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new HttpConnection(socket);
    }

    /// <summary>Sends the request and reads the whole response; returns the status code.</summary>
    public async Task<int> SendAsync(HttpRequestTemplate request, CancellationToken ct)
    {
        var bytes = request.Bytes;
        var sent = 0;
        while (sent < bytes.Length)
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
        _start = _end = 0;

        int headerEnd;
        while ((headerEnd = IndexOf(_buffer.AsSpan(_start, _end - _start), "\r\n\r\n"u8)) < 0)
            await FillAsync(ct).ConfigureAwait(false);
        var head = _buffer.AsSpan(_start, headerEnd);
        var status = ParseStatus(head);
        var (contentLength, chunked, close) = ParseHeaders(head);
        _start += headerEnd + 4;

        if (chunked) await SkipChunkedAsync(ct).ConfigureAwait(false);
        else
        {
            while (_end - _start < contentLength) await FillAsync(ct).ConfigureAwait(false);
            _start += (int)contentLength;
        }
        if (close) Closed = true;
        return status;
    }

    private async Task SkipChunkedAsync(CancellationToken ct)
    {
        while (true)
        {
            int lineEnd;
            while ((lineEnd = IndexOf(_buffer.AsSpan(_start, _end - _start), "\r\n"u8)) < 0)
                await FillAsync(ct).ConfigureAwait(false);
            var sizeText = _buffer.AsSpan(_start, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0) sizeText = sizeText[..semicolon];
            if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x'))
                throw new IOException("malformed chunk size in HTTP response");
            _start += lineEnd + 2;
            if (size == 0)
            {
                // Trailer section ends with an empty line.
                while (true)
                {
                    while ((lineEnd = IndexOf(_buffer.AsSpan(_start, _end - _start), "\r\n"u8)) < 0)
                        await FillAsync(ct).ConfigureAwait(false);
                    _start += lineEnd + 2;
                    if (lineEnd == 0) return;
                }
            }
            while (_end - _start < size + 2) await FillAsync(ct).ConfigureAwait(false);
            _start += size + 2;
        }
    }

    private async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
        if (read == 0)
        {
            Closed = true;
            throw new IOException("server closed the connection before the response was complete");
        }
        _end += read;
    }

    private static int ParseStatus(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
            throw new IOException("malformed HTTP status line");
        return status;
    }

    private static (long ContentLength, bool Chunked, bool Close) ParseHeaders(ReadOnlySpan<byte> head)
    {
        long length = 0;
        bool chunked = false, close = false;
        var firstLine = head.IndexOf("\r\n"u8);
        var rest = firstLine < 0 ? ReadOnlySpan<byte>.Empty : head[(firstLine + 2)..];
        while (rest.Length > 0)
        {
            var eol = rest.IndexOf("\r\n"u8);
            var line = eol < 0 ? rest : rest[..eol];
            rest = eol < 0 ? ReadOnlySpan<byte>.Empty : rest[(eol + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                Utf8Parser.TryParse(value, out length, out _);
            else if (name.Length == 17 && System.Text.Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                chunked = System.Text.Ascii.EqualsIgnoreCase(value, "chunked"u8);
            else if (name.Length == 10 && System.Text.Ascii.EqualsIgnoreCase(name, "Connection"u8))
                close = System.Text.Ascii.EqualsIgnoreCase(value, "close"u8);
        }
        return (length, chunked, close);
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);

    public void Dispose() => _socket.Dispose();
}
