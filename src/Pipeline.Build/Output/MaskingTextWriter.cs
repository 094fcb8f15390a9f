using System.Text;

namespace Pipeline.Build;

/// <summary>A writer that replaces secrets with <c>***</c> before text reaches the inner writer.</summary>
internal sealed class MaskingTextWriter(TextWriter inner, SecretMasker masker) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _pending.Append(value);
            // Single characters are buffered up to a line so a secret written char by char is still masked.
            if (value == '\n' || _pending.Length > 4096) FlushPending();
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate)
        {
            _pending.Append(value);
            FlushPending();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + CoreNewLineStr);

    public override void WriteLine() => Write(CoreNewLineStr);

    public override void Flush()
    {
        lock (_gate)
        {
            FlushPending();
            inner.Flush();
        }
    }

    private string CoreNewLineStr => new(CoreNewLine);

    private void FlushPending()
    {
        if (_pending.Length == 0) return;
        inner.Write(masker.Apply(_pending.ToString()));
        _pending.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}
