using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace Pipeline.Serving.Logging;

/// <summary>Structured log: one JSON object per line, written off the request path by a background writer.</summary>
public sealed class JsonLog : IAsyncDisposable
{
    private readonly Channel<byte[]> _lines = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly Task _writer;

    public JsonLog(Stream output, TimeProvider time)
    {
        _output = output;
        _time = time;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Writes <c>{"ts":…,"level":…,"event":…, …fields}</c>; <paramref name="fields"/> adds properties with the writer.</summary>
    public void Write(string level, string @event, Action<Utf8JsonWriter>? fields = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("ts", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("level", level);
            w.WriteString("event", @event);
            fields?.Invoke(w);
            w.WriteEndObject();
        }
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        _lines.Writer.TryWrite(line);
    }

    public void Info(string @event, Action<Utf8JsonWriter>? fields = null) => Write("info", @event, fields);
    public void Warn(string @event, Action<Utf8JsonWriter>? fields = null) => Write("warn", @event, fields);
    public void Error(string @event, Action<Utf8JsonWriter>? fields = null) => Write("error", @event, fields);

    private async Task WriteLoopAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var line)) await _output.WriteAsync(line).ConfigureAwait(false);
            await _output.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes every queued line, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
