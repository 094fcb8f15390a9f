using System.Text;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Tests.Docker;

public sealed class DockerLogDemultiplexerTests
{
    private static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var header = new byte[8];
        header[0] = stream;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)payload.Length);
        return [.. header, .. payload];
    }

    [Fact]
    public void Decode_Multiplexed_SplitsStreamsAndJoinsPartialLines()
    {
        byte[] bytes = [.. Frame(1, "hello\nwor"), .. Frame(2, "boom\n"), .. Frame(1, "ld\n")];
        var lines = DockerLogDemultiplexer.Decode(bytes);
        Assert.Equal(
            [new LogLine(LogStream.StdOut, "hello"), new LogLine(LogStream.StdErr, "boom"), new LogLine(LogStream.StdOut, "world")],
            lines);
    }

    [Fact]
    public void Decode_RawTtyOutput_IsStdout()
    {
        var lines = DockerLogDemultiplexer.Decode(Encoding.UTF8.GetBytes("one\r\ntwo\n"));
        Assert.Equal([new LogLine(LogStream.StdOut, "one"), new LogLine(LogStream.StdOut, "two")], lines);
    }
}
