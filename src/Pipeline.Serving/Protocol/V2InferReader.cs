using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>Reads an Open Inference Protocol v2 infer request (JSON tensors) and checks names, datatypes and shapes against the model signature.</summary>
internal static class V2InferReader
{
    private static readonly HashSet<string> NumericTypes =
        ["FP32", "FP64", "FP16", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL"];

    public static ParsedRequest Read(ReadOnlyMemory<byte> body, ServedModel model, int maxRows)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { return ParsedRequest.Fail("$", $"body is not valid JSON ({e.Message}); send {{\"inputs\": [{{\"name\", \"shape\", \"datatype\", \"data\"}}]}}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ParsedRequest.Fail("$", $"expected a JSON object, got {JsonValues.Describe(root)}");
            string? id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
                return ParsedRequest.Fail("inputs", $"expected a non-empty array of input tensors; the model's inputs are {Signature(model)}");

            var errors = new List<FieldError>();
            if (root.TryGetProperty("outputs", out var outputs))
            {
                if (outputs.ValueKind != JsonValueKind.Array) errors.Add(new("outputs", $"expected an array of {{\"name\": …}}, got {JsonValues.Describe(outputs)}"));
                else
                {
                    var o = 0;
                    foreach (var output in outputs.EnumerateArray())
                    {
                        var name = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                        if (name != model.OutputName) errors.Add(new($"outputs[{o}].name", $"'{name}' is not an output of model {model.Name}; the only output is '{model.OutputName}'"));
                        o++;
                    }
                }
            }

            var expected = model.Mode == "tensor"
                ? model.Categorical.Select(c => c.InputName).Prepend(model.TensorInput).ToList()
                : model.Columns.Select(c => c.InputName).ToList();
            var seen = new Dictionary<string, (int Index, JsonElement Tensor)>(StringComparer.Ordinal);
            var i = 0;
            foreach (var input in inputs.EnumerateArray())
            {
                var field = $"inputs[{i}]";
                if (input.ValueKind != JsonValueKind.Object) errors.Add(new(field, $"expected a tensor object, got {JsonValues.Describe(input)}"));
                else if (!input.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String) errors.Add(new($"{field}.name", "is missing"));
                else if (!expected.Contains(n.GetString()!)) errors.Add(new($"{field}.name", $"'{n.GetString()}' is not an input of model {model.Name}; its inputs are {Signature(model)}"));
                else if (!seen.TryAdd(n.GetString()!, (i, input))) errors.Add(new($"{field}.name", $"'{n.GetString()}' appears twice; send each input once"));
                i++;
            }
            foreach (var name in expected.Where(e => !seen.ContainsKey(e)))
                errors.Add(new("inputs", $"input '{name}' is missing; the model's inputs are {Signature(model)}"));
            if (errors.Count > 0) return ParsedRequest.Fail(errors);

            int? rows = null;
            var batch = new Dictionary<string, Array>(StringComparer.Ordinal);
            if (model.Mode == "tensor")
            {
                var (index, tensor) = seen[model.TensorInput];
                var width = model.Numeric.Count();
                var values = ReadTensor(tensor, $"inputs[{index}]", FeatureKind.Numeric, width, maxRows, ref rows, errors);
                if (values is float[] flat)
                {
                    var n = flat.Length / width;
                    var c = 0;
                    foreach (var column in model.Numeric)
                    {
                        var col = new float[n];
                        for (var r = 0; r < n; r++) col[r] = flat[r * width + c];
                        batch[column.Name] = col;
                        c++;
                    }
                }
            }
            foreach (var column in model.Columns)
            {
                if (model.Mode == "tensor" && column.Kind == FeatureKind.Numeric) continue;
                var (index, tensor) = seen[column.InputName];
                var values = ReadTensor(tensor, $"inputs[{index}]", column.Kind, 1, maxRows, ref rows, errors);
                if (values is not null) batch[column.Name] = values;
            }
            if (errors.Count > 0 || rows is null) return ParsedRequest.Fail(errors.Take(JsonValues.MaxErrors).ToArray());
            var features = new FeatureBatch(rows.Value);
            foreach (var (name, values) in batch)
            {
                if (values is float[] f) features.Numeric[name] = f;
                else features.Categorical[name] = (string?[])values;
            }
            return new ParsedRequest { Batch = features, Id = id };
        }
    }

    private static Array? ReadTensor(JsonElement tensor, string field, FeatureKind kind, int width, int maxRows, ref int? rows, List<FieldError> errors)
    {
        var name = tensor.GetProperty("name").GetString();
        var before = errors.Count;
        if (!tensor.TryGetProperty("datatype", out var dt) || dt.ValueKind != JsonValueKind.String)
            errors.Add(new($"{field}.datatype", $"is missing; input '{name}' is {(kind == FeatureKind.Numeric ? "FP32" : "BYTES")}"));
        else if (kind == FeatureKind.Numeric && !NumericTypes.Contains(dt.GetString()!))
            errors.Add(new($"{field}.datatype", $"'{dt.GetString()}' does not fit input '{name}', which is FP32 (numbers)"));
        else if (kind == FeatureKind.Categorical && dt.GetString() != "BYTES")
            errors.Add(new($"{field}.datatype", $"'{dt.GetString()}' does not fit input '{name}', which is BYTES (strings)"));

        var shape = new List<long>();
        if (!tensor.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            errors.Add(new($"{field}.shape", $"is missing; input '{name}' has shape [N{(width > 1 ? $", {width}" : ", 1")}]"));
        else
            foreach (var d in sh.EnumerateArray())
            {
                if (d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var v) && v >= 0) shape.Add(v);
                else { errors.Add(new($"{field}.shape", $"dimension {JsonValues.Describe(d)} is not a non-negative integer")); break; }
            }
        if (errors.Count > before) return null;

        var datatype = dt.GetString()!;
        var shapeText = $"[{string.Join(", ", shape)}]";
        var expectedShape = width > 1 ? $"[N, {width}]" : "[N] or [N, 1]";
        var shapeOk = width > 1 ? shape.Count == 2 && shape[1] == width : shape.Count == 1 || (shape.Count == 2 && shape[1] == 1);
        if (!shapeOk) { errors.Add(new($"{field}.shape", $"{shapeText} does not fit input '{name}', expected {expectedShape}")); return null; }
        var n = shape[0];
        if (n == 0) { errors.Add(new($"{field}.shape", "has no rows; send at least one")); return null; }
        if (n > maxRows) { errors.Add(new($"{field}.shape", $"{n} rows is more than the limit of {maxRows} per request; split the request or raise --max-request-rows")); return null; }
        if (rows is { } r && r != n) { errors.Add(new($"{field}.shape", $"{shapeText} has {n} rows but other inputs have {r}; every input needs the same N")); return null; }
        rows = (int)n;

        if (!tensor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        { errors.Add(new($"{field}.data", "is missing; send the values as a (flat, row-major) array")); return null; }
        var count = (int)(n * width);
        Array result = kind == FeatureKind.Numeric ? new float[count] : new string?[count];
        var k = 0;
        foreach (var e in Flatten(data))
        {
            if (k >= count) { k++; continue; }
            if (kind == FeatureKind.Numeric)
            {
                if (!JsonValues.TryNumeric(e, out ((float[])result)[k]))
                    errors.Add(new($"{field}.data[{k}]", $"expected a number, got {JsonValues.Describe(e)}"));
                else if (TensorValueRule.Check(datatype, e) is { } broken)
                    errors.Add(new($"{field}.data[{k}]", broken));
            }
            else if (e.ValueKind == JsonValueKind.String) ((string?[])result)[k] = e.GetString();
            else if (e.ValueKind != JsonValueKind.Null) errors.Add(new($"{field}.data[{k}]", $"expected a string, got {JsonValues.Describe(e)}"));
            if (errors.Count - before >= JsonValues.MaxErrors) return null;
            k++;
        }
        if (k != count) { errors.Add(new($"{field}.data", $"has {k} values but shape {shapeText} needs {count}")); return null; }
        return errors.Count > before ? null : result;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement array)
    {
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Array) foreach (var inner in Flatten(e)) yield return inner;
            else yield return e;
        }
    }

    private static string Signature(ServedModel model) => model.Mode == "tensor"
        ? string.Join(", ", model.Categorical.Select(c => $"{c.InputName} BYTES [N,1]").Prepend($"{model.TensorInput} FP32 [N,{model.Numeric.Count()}]"))
        : string.Join(", ", model.Columns.Select(c => $"{c.InputName} {c.Datatype} [N,1]"));
}
