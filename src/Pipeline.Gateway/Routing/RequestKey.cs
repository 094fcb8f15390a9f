using System.Text.Json;
using Pipeline.Protocol.Rest;

namespace Pipeline.Gateway.Routing;

/// <summary>Finds the sticky key of a request: the configured header, else a JSON field of the body (V1 instance field or OIP v2 input).</summary>
public static class RequestKey
{
    public static string? Extract(RoutingTable table, Func<string, string?> header, ReadOnlyMemory<byte> body)
    {
        if (!string.IsNullOrEmpty(table.StickyHeader) && header(table.StickyHeader) is { Length: > 0 } fromHeader)
            return fromHeader;
        if (string.IsNullOrEmpty(table.StickyField) || body.IsEmpty) return null;
        if (header(InferenceHeader.ContentLength) is { } headerLength) return FromBinary(table.StickyField, body.Span, headerLength);
        try
        {
            using var doc = JsonDocument.Parse(body);
            return Find(doc.RootElement, table.StickyField, depth: 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The sticky key of a gRPC <c>ModelInfer</c> call: the header (gRPC metadata), else the first element of the input tensor named by the sticky field.</summary>
    public static string? ExtractGrpc(RoutingTable table, Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        if (!string.IsNullOrEmpty(table.StickyHeader) && header(table.StickyHeader) is { Length: > 0 } fromHeader)
            return fromHeader;
        if (string.IsNullOrEmpty(table.StickyField) || !Pipeline.Protocol.Grpc.GrpcFrame.TryReadFirst(body, out var message)) return null;
        try
        {
            var request = Pipeline.Protocol.Grpc.V2.ModelInferRequest.Parser.ParseFrom(message);
            var decoded = Pipeline.Protocol.Grpc.GrpcTensors.ReadRequest(request);
            return decoded.Ok ? FromTensors(table.StickyField, decoded.Value!) : null;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;   // the model server answers the malformed message; routing just has no key
        }
    }

    /// <summary>A body with binary tensors: the sticky field is an input tensor (JSON or binary); its first element is the key.</summary>
    private static string? FromBinary(string field, ReadOnlySpan<byte> body, string headerLength)
    {
        var decoded = InferenceJson.ReadRequest(body, headerLength);
        return decoded.Ok ? FromTensors(field, decoded.Value!) : null;
    }

    private static string? FromTensors(string field, InferRequest request)
    {
        if (request.Inputs.FirstOrDefault(t => t.Name == field) is not { Data.Length: > 0 } tensor) return null;
        if (tensor.Data is byte[][] bytes) return bytes[0] is null ? null : System.Text.Encoding.UTF8.GetString(bytes[0]);
        return tensor.Data is float[] or double[] or Half[]
            ? tensor.NumberAt(0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : tensor.Data.GetValue(0)?.ToString();
    }

    private static string? Find(JsonElement e, string field, int depth)
    {
        if (depth > 6) return null;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                // OIP v2: {"name": "customer_id", "data": ["c1"]}
                if (e.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.ValueEquals(field)
                    && e.TryGetProperty("data", out var data))
                    return FirstScalar(data);
                foreach (var p in e.EnumerateObject())
                {
                    if (p.NameEquals(field) && FirstScalar(p.Value) is { } v) return v;
                }
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Find(p.Value, field, depth + 1) is { } v) return v;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    if (Find(item, field, depth + 1) is { } v) return v;
                }
                return null;
            default:
                return null;
        }
    }

    private static string? FirstScalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.Array => e.EnumerateArray().Select(FirstScalar).FirstOrDefault(v => v is not null),
        _ => null,
    };
}
