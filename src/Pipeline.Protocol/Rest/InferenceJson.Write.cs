using System.Buffers;
using System.Text.Json;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Protocol.Rest;

public static partial class InferenceJson
{
    /// <summary>Writes an answer; outputs for which <paramref name="binary"/> is true go after the JSON as raw bytes.
    /// Returns the JSON header's length when any output is binary (send it as <see cref="InferenceHeader.ContentLength"/>), else null.</summary>
    public static int? WriteResponse(IBufferWriter<byte> output, Utf8JsonWriter w, InferResponse response, Func<Tensor, bool> binary)
    {
        w.Reset(output);
        w.WriteStartObject();
        w.WriteString("model_name", response.ModelName);
        if (response.ModelVersion is not null) w.WriteString("model_version", response.ModelVersion);
        if (response.Id is not null) w.WriteString("id", response.Id);
        var anyBinary = WriteTensors(w, "outputs", response.Outputs, binary);
        w.WriteEndObject();
        w.Flush();
        if (!anyBinary) return null;
        var header = (int)w.BytesCommitted;
        foreach (var t in response.Outputs) if (binary(t)) TensorElements.WriteBinary(output, t);
        return header;
    }

    /// <summary>Writes a request (the client side); inputs in binary when <paramref name="binaryInputs"/>, outputs asked for in binary
    /// when <paramref name="binaryOutputs"/>. Returns the body and, for a binary body, the JSON header's length.</summary>
    public static (byte[] Body, int? HeaderLength) WriteRequest(InferRequest request, bool binaryInputs, bool binaryOutputs = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        if (request.Id is not null) w.WriteString("id", request.Id);
        if (binaryOutputs || request.BinaryDataOutput)
        {
            w.WriteStartObject("parameters");
            w.WriteBoolean("binary_data_output", true);
            w.WriteEndObject();
        }
        WriteTensors(w, "inputs", request.Inputs, _ => binaryInputs);
        if (request.Outputs.Count > 0)
        {
            w.WriteStartArray("outputs");
            foreach (var o in request.Outputs)
            {
                w.WriteStartObject();
                w.WriteString("name", o.Name);
                if (o.Binary is { } b)
                {
                    w.WriteStartObject("parameters");
                    w.WriteBoolean("binary_data", b);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.Flush();
        if (!binaryInputs) return (buffer.WrittenSpan.ToArray(), null);
        var header = buffer.WrittenCount;
        foreach (var t in request.Inputs) TensorElements.WriteBinary(buffer, t);
        return (buffer.WrittenSpan.ToArray(), header);
    }

    private static bool WriteTensors(Utf8JsonWriter w, string property, IReadOnlyList<Tensor> tensors, Func<Tensor, bool> binary)
    {
        var any = false;
        w.WriteStartArray(property);
        foreach (var t in tensors)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("datatype", t.Datatype);
            w.WriteStartArray("shape");
            foreach (var d in t.Shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            if (binary(t))
            {
                any = true;
                w.WriteStartObject("parameters");
                w.WriteNumber("binary_data_size", TensorElements.BinarySize(t));
                w.WriteEndObject();
            }
            else
            {
                w.WritePropertyName("data");
                TensorElements.WriteJson(w, t.Data);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return any;
    }
}
