using System.Buffers;
using System.Text.Json;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Protocol.Rest;

/// <summary>
/// The Open Inference Protocol v2 REST codec: inference requests and answers as JSON, or with the binary tensor data extension
/// (JSON header of <see cref="InferenceHeader.ContentLength"/> bytes, then each binary tensor's raw bytes in tensor order).
/// </summary>
public static partial class InferenceJson
{
    /// <summary>Reads an inference request; <paramref name="headerLength"/> is the <c>Inference-Header-Content-Length</c> header, if sent.</summary>
    /// <param name="check">The receiver's check of each input's name, datatype and shape before its data is read (a problem there makes the data moot); null: none.</param>
    public static Decoded<InferRequest> ReadRequest(ReadOnlySpan<byte> body, string? headerLength, TensorCheck? check = null)
    {
        if (!InferenceHeader.TryJsonLength(headerLength, body.Length, out var jsonLength, out var bad)) return Decoded<InferRequest>.Fail([bad]);
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(body[..jsonLength]);
            doc = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != jsonLength) throw new JsonException($"'{(char)body[(int)reader.BytesConsumed]}' follows the JSON value");
        }
        catch (JsonException e)
        {
            var hint = headerLength is null && body.IndexOf((byte)0) >= 0
                ? $"; the body looks binary: send the {InferenceHeader.ContentLength} header with the JSON part's length"
                : "";
            return Decoded<InferRequest>.Fail("$", $"{(headerLength is null ? "body" : "JSON header")} is not valid JSON ({e.Message}){hint}; send {{\"inputs\": [{{\"name\", \"shape\", \"datatype\", \"data\"}}]}}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Decoded<InferRequest>.Fail("$", $"expected a JSON object, got {JsonElements.Describe(root)}");
            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
                return Decoded<InferRequest>.Fail("inputs", "expected a non-empty array of input tensors {\"name\", \"shape\", \"datatype\", \"data\"}");
            var problems = new List<FieldProblem>();
            var outputs = new List<RequestedOutput>();
            if (root.TryGetProperty("outputs", out var requested))
            {
                if (requested.ValueKind != JsonValueKind.Array) problems.Add(new("outputs", $"expected an array of {{\"name\": …}}, got {JsonElements.Describe(requested)}"));
                else
                {
                    var o = 0;
                    foreach (var output in requested.EnumerateArray())
                    {
                        if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
                            problems.Add(new($"outputs[{o}].name", "is missing; name the output to return"));
                        else outputs.Add(new RequestedOutput(n.GetString()!, BoolParameter(output, "binary_data")));
                        o++;
                    }
                }
            }
            var binary = body[jsonLength..];
            var tensors = ReadTensors(inputs, "inputs", binary, headerLength is not null, problems, check);
            if (problems.Count > 0) return Decoded<InferRequest>.Fail(problems.Take(TensorElements.MaxProblems).ToArray());
            return new Decoded<InferRequest>
            {
                Value = new InferRequest { Id = id, Inputs = tensors, Outputs = outputs, BinaryDataOutput = BoolParameter(root, "binary_data_output") ?? false },
            };
        }
    }

    /// <summary>Reads an inference answer (JSON, or binary outputs after a JSON header of <paramref name="headerLength"/> bytes).</summary>
    public static Decoded<InferResponse> ReadResponse(ReadOnlySpan<byte> body, string? headerLength)
    {
        if (!InferenceHeader.TryJsonLength(headerLength, body.Length, out var jsonLength, out var bad)) return Decoded<InferResponse>.Fail([bad]);
        try
        {
            var reader = new Utf8JsonReader(body[..jsonLength]);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Decoded<InferResponse>.Fail("$", $"expected a JSON object, got {JsonElements.Describe(root)}");
            if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
                return Decoded<InferResponse>.Fail("outputs", "is missing: the answer has no output tensors");
            var problems = new List<FieldProblem>();
            var tensors = ReadTensors(outputs, "outputs", body[jsonLength..], headerLength is not null, problems);
            if (problems.Count > 0) return Decoded<InferResponse>.Fail(problems);
            return new Decoded<InferResponse>
            {
                Value = new InferResponse
                {
                    ModelName = String(root, "model_name") ?? "",
                    ModelVersion = String(root, "model_version"),
                    Id = String(root, "id"),
                    Outputs = tensors,
                },
            };
        }
        catch (JsonException e)
        {
            return Decoded<InferResponse>.Fail("$", $"answer is not valid JSON ({e.Message})");
        }
    }

    private static string? String(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? BoolParameter(JsonElement e, string name) =>
        e.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;

    private static List<Tensor> ReadTensors(JsonElement array, string field, ReadOnlySpan<byte> binary, bool framed, List<FieldProblem> problems, TensorCheck? check = null)
    {
        var tensors = new List<Tensor>();
        var at = 0;
        var i = 0;
        foreach (var t in array.EnumerateArray())
        {
            var f = $"{field}[{i++}]";
            if (t.ValueKind != JsonValueKind.Object) { problems.Add(new(f, $"expected a tensor object, got {JsonElements.Describe(t)}")); continue; }
            var name = String(t, "name");
            if (name is null) { problems.Add(new($"{f}.name", "is missing")); continue; }
            var datatype = String(t, "datatype");
            if (datatype is null) { problems.Add(new($"{f}.datatype", $"is missing; give '{name}' one of {string.Join(", ", Datatype.All)}")); continue; }
            if (!Datatype.IsKnown(datatype)) { problems.Add(new($"{f}.datatype", $"'{datatype}' of '{name}' is not a protocol datatype; use one of {string.Join(", ", Datatype.All)}")); continue; }
            if (!t.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array) { problems.Add(new($"{f}.shape", $"is missing; give '{name}' its shape, e.g. [N, 1]")); continue; }
            var shape = new long[sh.GetArrayLength()];
            var d = 0;
            var shapeOk = true;
            foreach (var dim in sh.EnumerateArray())
            {
                if (dim.ValueKind == JsonValueKind.Number && dim.TryGetInt64(out var v) && v >= 0) shape[d++] = v;
                else { problems.Add(new($"{f}.shape", $"dimension {JsonElements.Describe(dim)} is not a non-negative integer")); shapeOk = false; break; }
            }
            if (!shapeOk) continue;
            long count;
            try { count = Tensor.Count(shape); }
            catch (OverflowException) { problems.Add(new($"{f}.shape", $"{Tensor.ShapeText(shape)} holds more elements than a tensor can")); continue; }
            if (count > Array.MaxLength) { problems.Add(new($"{f}.shape", $"{Tensor.ShapeText(shape)} holds more elements than a tensor can")); continue; }

            Array? data;
            bool[]? missing = null;
            var fits = check?.Invoke(i - 1, name, datatype, shape, problems) ?? true;
            if (t.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("binary_data_size", out var size))
            {
                if (!framed)
                {
                    problems.Add(new($"{f}.parameters.binary_data_size", $"'{name}' is binary but the request has no {InferenceHeader.ContentLength} header; send it with the JSON part's byte length"));
                    continue;
                }
                if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var bytes) || bytes < 0)
                {
                    problems.Add(new($"{f}.parameters.binary_data_size", $"{JsonElements.Describe(size)} is not a byte count"));
                    continue;
                }
                if (bytes > binary.Length - at)
                {
                    problems.Add(new($"{f}.parameters.binary_data_size", $"'{name}' needs {bytes} bytes but only {binary.Length - at} binary bytes are left after the JSON header; check {InferenceHeader.ContentLength} and the sizes"));
                    at = binary.Length;
                    continue;
                }
                data = fits ? TensorElements.ReadBinary(binary.Slice(at, (int)bytes), datatype, count, $"{f}.parameters.binary_data_size", problems) : null;
                at += (int)bytes;
            }
            else if (!fits) continue;
            else if (!t.TryGetProperty("data", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new($"{f}.data", "is missing; send the values as a (flat, row-major) array, or binary with parameters.binary_data_size"));
                continue;
            }
            else data = TensorElements.ReadJson(values, datatype, shape, $"{f}.data", problems, out missing);
            if (data is not null) tensors.Add(new Tensor { Name = name, Datatype = datatype, Shape = shape, Data = data, Missing = missing });
        }
        if (problems.Count == 0 && at != binary.Length)
            problems.Add(new(InferenceHeader.ContentLength, $"{binary.Length - at} bytes follow the JSON header that no tensor's binary_data_size accounts for; check the header and the sizes"));
        return tensors;
    }
}
