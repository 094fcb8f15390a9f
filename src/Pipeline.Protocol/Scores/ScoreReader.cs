using System.Text.Json;
using Google.Protobuf;
using Pipeline.Protocol.Grpc;
using Pipeline.Protocol.Grpc.V2;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Protocol.Scores;

/// <summary>
/// Reads prediction scores (positive-class probabilities) from a model server answer:
/// OIP v2 <c>outputs[]</c> (output named probability/score/… , shape [N], [N,1] or [N,2] → column 1; JSON or binary tensors) or V1 <c>predictions</c>.
/// or a gRPC <c>ModelInferResponse</c>. Used by the gateway's score capture for the judge and by the replay client.
/// </summary>
public static class ScoreReader
{
    // "class" first: a multiclass answer's judged number is its predicted class (its probabilities are [N,K]); "value" for regression.
    private static readonly string[] PreferredOutputs = ["class", "value", "probability", "probabilities", "score", "scores", "output_probability"];

    /// <summary>Scores of an answer; <paramref name="headerLength"/> is its <c>Inference-Header-Content-Length</c> (binary outputs), if any. Empty when there are none.</summary>
    public static float[] Read(ReadOnlySpan<byte> json, string? headerLength = null)
    {
        if (json.IsEmpty) return [];
        if (headerLength is not null) return FromBinary(json, headerLength);
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return [];
            if (root.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array) return FromV2(outputs);
            if (root.TryGetProperty("predictions", out var predictions) && predictions.ValueKind == JsonValueKind.Array) return FromV1(predictions);
            return [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Scores of a gRPC <c>ModelInfer</c> answer as sent on the wire (one length-prefixed message); empty when it is not one.</summary>
    public static float[] ReadGrpc(ReadOnlySpan<byte> framedBody)
    {
        if (!GrpcFrame.TryReadFirst(framedBody, out var message)) return [];
        ModelInferResponse parsed;
        try
        {
            parsed = ModelInferResponse.Parser.ParseFrom(message);
        }
        catch (InvalidProtocolBufferException)
        {
            return [];
        }
        try
        {
            var decoded = GrpcTensors.ReadResponse(parsed);
            return decoded.Ok ? Read(decoded.Value!) : [];
        }
        catch (OverflowException)
        {
            return [];   // a shape too large to be an answer
        }
    }

    private static float[] FromBinary(ReadOnlySpan<byte> body, string headerLength)
    {
        var decoded = InferenceJson.ReadResponse(body, headerLength);
        return decoded.Ok ? Read(decoded.Value!) : [];
    }

    /// <summary>Scores of a decoded answer (from binary REST or gRPC).</summary>
    public static float[] Read(InferResponse response)
    {
        var outputs = response.Outputs;
        var chosen = PreferredOutputs.Select(p => outputs.FirstOrDefault(o => o.Name == p)).FirstOrDefault(o => o is not null)
            ?? outputs.FirstOrDefault(o => o.Datatype is Datatype.Fp32 or Datatype.Fp64);
        if (chosen is null || chosen.Datatype == Datatype.Bytes) return [];
        var columns = chosen.Shape.Length == 2 ? (int)Math.Max(1, chosen.Shape[1]) : 1;
        var rows = chosen.Data.Length / columns;
        var result = new float[rows];
        for (var r = 0; r < rows; r++) result[r] = (float)chosen.NumberAt(r * columns + (columns == 1 ? 0 : 1));
        return result;
    }

    private static float[] FromV2(JsonElement outputs)
    {
        JsonElement? chosen = null;
        foreach (var preferred in PreferredOutputs)
        {
            foreach (var o in outputs.EnumerateArray())
            {
                if (o.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.ValueEquals(preferred)) { chosen = o; break; }
            }
            if (chosen is not null) break;
        }
        chosen ??= outputs.EnumerateArray().FirstOrDefault(o => o.TryGetProperty("datatype", out var d) && d.GetString() is "FP32" or "FP64");
        if (chosen is not { } output || !output.TryGetProperty("data", out var data)) return [];
        var flat = new List<float>();
        Flatten(data, flat);
        var columns = 1;
        if (output.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() == 2)
            columns = Math.Max(1, shape[1].GetInt32());
        if (columns == 1) return flat.ToArray();
        var rows = flat.Count / columns;
        var result = new float[rows];
        for (var r = 0; r < rows; r++) result[r] = flat[r * columns + 1];
        return result;
    }

    private static float[] FromV1(JsonElement predictions)
    {
        var result = new List<float>();
        foreach (var p in predictions.EnumerateArray())
        {
            switch (p.ValueKind)
            {
                case JsonValueKind.Number:
                    result.Add(p.GetSingle());
                    break;
                case JsonValueKind.Array when p.GetArrayLength() >= 2 && p[1].ValueKind == JsonValueKind.Number:
                    result.Add(p[1].GetSingle());
                    break;
                case JsonValueKind.Array when p.GetArrayLength() == 1 && p[0].ValueKind == JsonValueKind.Number:
                    result.Add(p[0].GetSingle());
                    break;
                case JsonValueKind.Object:
                    foreach (var name in PreferredOutputs)
                    {
                        if (!p.TryGetProperty(name, out var v)) continue;
                        if (v.ValueKind == JsonValueKind.Number) result.Add(v.GetSingle());
                        else if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() >= 2) result.Add(v[1].GetSingle());
                        else if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 1) result.Add(v[0].GetSingle());
                        break;
                    }
                    break;
            }
        }
        return result.ToArray();
    }

    private static void Flatten(JsonElement e, List<float> into)
    {
        if (e.ValueKind == JsonValueKind.Number) into.Add(e.GetSingle());
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Flatten(item, into);
        }
    }
}
