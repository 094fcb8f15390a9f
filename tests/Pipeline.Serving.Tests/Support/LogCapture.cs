using System.Text;

namespace Pipeline.Serving.Tests.Support;

/// <summary>A write-only stream that keeps what the JSON log wrote, for assertions on log lines.</summary>
public sealed class LogCapture : Stream
{
    private readonly StringBuilder _text = new();

    public string Text { get { lock (_text) return _text.ToString(); } }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_text) _text.Append(Encoding.UTF8.GetString(buffer, offset, count));
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
