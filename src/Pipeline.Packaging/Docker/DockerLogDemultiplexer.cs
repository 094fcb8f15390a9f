using System.Buffers.Binary;
using System.Text;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Docker;

/// <summary>
/// Decodes the engine's log stream. Without a TTY each frame is an 8-byte header (stream type, 3 zero bytes,
/// big-endian payload length) followed by the payload; with a TTY the bytes are raw stdout.
/// </summary>
internal static class DockerLogDemultiplexer
{
    public static IReadOnlyList<LogLine> Decode(ReadOnlySpan<byte> bytes)
    {
        if (!LooksMultiplexed(bytes))
            return Split(LogStream.StdOut, Encoding.UTF8.GetString(bytes));

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var lines = new List<LogLine>();
        while (bytes.Length >= 8)
        {
            var stream = (LogStream)bytes[0];
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]);
            var payload = bytes.Slice(8, Math.Min(length, bytes.Length - 8));
            var buffer = stream == LogStream.StdErr ? stderr : stdout;
            buffer.Append(Encoding.UTF8.GetString(payload));
            // A frame may end mid-line; emit only complete lines, in arrival order.
            var text = buffer.ToString();
            var lastNewline = text.LastIndexOf('\n');
            if (lastNewline >= 0)
            {
                lines.AddRange(Split(stream, text[..lastNewline]));
                buffer.Clear().Append(text[(lastNewline + 1)..]);
            }
            bytes = bytes[(8 + payload.Length)..];
        }
        if (stdout.Length > 0)
            lines.Add(new LogLine(LogStream.StdOut, stdout.ToString()));
        if (stderr.Length > 0)
            lines.Add(new LogLine(LogStream.StdErr, stderr.ToString()));
        return lines;
    }

    private static bool LooksMultiplexed(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes[0] <= 2 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0;

    private static List<LogLine> Split(LogStream stream, string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Select(l => new LogLine(stream, l)).ToList();
}
