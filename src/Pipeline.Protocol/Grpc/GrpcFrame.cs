using System.Buffers.Binary;

namespace Pipeline.Protocol.Grpc;

/// <summary>
/// gRPC's length-prefixed message framing over HTTP/2 (one byte compressed flag, four bytes big-endian length, the protobuf message),
/// read where a proxy looks into a unary call without running a gRPC stack (the gateway's sticky keys and score capture).
/// </summary>
public static class GrpcFrame
{
    public const int PrefixLength = 5;

    /// <summary>The first message of a body; false when the body is not one whole uncompressed frame's worth (a compressed message is not read).</summary>
    public static bool TryReadFirst(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> message)
    {
        message = default;
        if (body.Length < PrefixLength || body[0] != 0) return false;
        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..PrefixLength]);
        if (length > (uint)(body.Length - PrefixLength)) return false;
        message = body.Slice(PrefixLength, (int)length);
        return true;
    }

    /// <summary>One uncompressed frame holding <paramref name="message"/>.</summary>
    public static byte[] Write(ReadOnlySpan<byte> message)
    {
        var frame = new byte[PrefixLength + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame.AsSpan(PrefixLength));
        return frame;
    }
}
