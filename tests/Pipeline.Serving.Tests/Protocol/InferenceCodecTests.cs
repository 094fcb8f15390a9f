using System.Buffers;
using System.Text;
using System.Text.Json;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Serving.Tests.Protocol;

/// <summary>The shared codec against the binary tensor data extension's layout, for answers of every kind a model may declare.</summary>
public sealed class InferenceCodecTests
{
    private static readonly Tensor[] Outputs =
    [
        Tensor.Of("probabilities", new[] { 0.1f, 0.9f, 0.75f, 0.25f }, 2, 2),
        Tensor.Of("label", (Array)new long[] { 1, long.MaxValue }, 2, 1),
        Tensor.Of("flag", (Array)new[] { true, false }, 2),
        Tensor.Of("class", (Array)new[] { "fraud"u8.ToArray(), "ok ✓"u8.ToArray() }, 2),
    ];

    private static (byte[] Body, int? Header) Write(Func<Tensor, bool> binary)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var w = new Utf8JsonWriter(buffer);
        var header = InferenceJson.WriteResponse(buffer, w, new InferResponse { ModelName = "m", ModelVersion = "3", Id = "x", Outputs = Outputs }, binary);
        return (buffer.WrittenSpan.ToArray(), header);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Response_Fp32Int64BoolBytes_RoundTripsInBinaryAndJson(bool binary)
    {
        var (body, header) = Write(_ => binary);

        Assert.Equal(binary, header is not null);
        var read = InferenceJson.ReadResponse(body, header?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(read.Ok, string.Join("; ", read.Problems));
        Assert.Equal("x", read.Value!.Id);
        for (var i = 0; i < Outputs.Length; i++)
        {
            Assert.Equal(Outputs[i].Datatype, read.Value.Outputs[i].Datatype);
            Assert.Equal(Outputs[i].Shape, read.Value.Outputs[i].Shape);
        }
        Assert.Equal((float[])Outputs[0].Data, (float[])read.Value.Outputs[0].Data);
        Assert.Equal((long[])Outputs[1].Data, (long[])read.Value.Outputs[1].Data);
        Assert.Equal((bool[])Outputs[2].Data, (bool[])read.Value.Outputs[2].Data);
        Assert.Equal(["fraud", "ok ✓"], ((byte[][])read.Value.Outputs[3].Data).Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Response_Binary_LayoutIsTheSpecifications()
    {
        var (body, header) = Write(t => t.Name is "label" or "class");

        var json = JsonDocument.Parse(body.AsMemory(0, header!.Value)).RootElement.GetProperty("outputs");
        Assert.Equal(16, json[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(json[1].TryGetProperty("data", out _));
        Assert.Equal(2, json[0].GetProperty("data").GetArrayLength() / 2);
        var raw = body.AsSpan(header.Value);
        // INT64 little-endian, then BYTES as uint32 length + bytes per element, in output order.
        Assert.Equal(1L, BitConverter.ToInt64(raw[..8]));
        Assert.Equal(long.MaxValue, BitConverter.ToInt64(raw[8..16]));
        Assert.Equal(5u, BitConverter.ToUInt32(raw[16..20]));
        Assert.Equal("fraud", Encoding.UTF8.GetString(raw[20..25]));
        Assert.Equal((uint)"ok ✓"u8.Length, BitConverter.ToUInt32(raw[25..29]));
        Assert.Equal(29 + "ok ✓"u8.Length, raw.Length);
    }
}
