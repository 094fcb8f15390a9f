using System.Text;
using Pipeline.Core.Features;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>Maps an Open Inference Protocol v2 infer request (read by the shared codec from JSON, binary or gRPC) onto the model's
/// rows, checking names, datatypes and shapes against the model signature.</summary>
internal static class V2InferReader
{
    /// <summary>REST: JSON, or JSON header + binary tensors when <paramref name="headerLength"/> (Inference-Header-Content-Length) is sent.</summary>
    public static ParsedRequest Read(ReadOnlyMemory<byte> body, string? headerLength, ServedModel model, int maxRows)
    {
        int? rows = null;
        var named = new HashSet<string>(StringComparer.Ordinal);
        var decoded = InferenceJson.ReadRequest(body.Span, headerLength, (index, name, datatype, shape, problems) =>
        {
            named.Add(name);
            var errors = new List<FieldError>();
            var fits = PreCheck(model, index, name, datatype, shape, maxRows, ref rows, errors);
            foreach (var e in errors) problems.Add(new FieldProblem(e.Field, e.Problem));
            return fits;
        });
        if (!decoded.Ok)
        {
            var errors = decoded.Problems.Select(p => new FieldError(p.Field, p.Problem)).ToList();
            if (named.Count > 0)
                foreach (var name in ExpectedInputs(model).Where(e => !named.Contains(e)))
                    errors.Add(new("inputs", $"input '{name}' is missing; the model's inputs are {Signature(model)}"));
            return ParsedRequest.Fail(errors);
        }
        return Map(decoded.Value!, model, maxRows);
    }

    /// <summary>Checks a decoded request against the model and gathers its rows; every problem is listed.</summary>
    public static ParsedRequest Map(InferRequest request, ServedModel model, int maxRows)
    {
        var errors = new List<FieldError>();
        for (var o = 0; o < request.Outputs.Count; o++)
        {
            var name = request.Outputs[o].Name;
            if (name != model.OutputName) errors.Add(new($"outputs[{o}].name", $"'{name}' is not an output of model {model.Name}; the only output is '{model.OutputName}'"));
        }
        var expected = ExpectedInputs(model);
        var seen = new Dictionary<string, (int Index, Tensor Tensor)>(StringComparer.Ordinal);
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var name = request.Inputs[i].Name;
            if (!expected.Contains(name)) errors.Add(new($"inputs[{i}].name", $"'{name}' is not an input of model {model.Name}; its inputs are {Signature(model)}"));
            else if (!seen.TryAdd(name, (i, request.Inputs[i]))) errors.Add(new($"inputs[{i}].name", $"'{name}' appears twice; send each input once"));
        }
        foreach (var name in expected.Where(e => !seen.ContainsKey(e)))
            errors.Add(new("inputs", $"input '{name}' is missing; the model's inputs are {Signature(model)}"));
        if (errors.Count > 0) return ParsedRequest.Fail(errors);

        int? rows = null;
        var numeric = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        if (model.Mode == "tensor")
        {
            var (index, tensor) = seen[model.TensorInput];
            var width = model.Numeric.Count();
            if (Check(tensor, $"inputs[{index}]", FeatureKind.Numeric, width, maxRows, ref rows, errors))
            {
                var n = rows!.Value;
                var c = 0;
                foreach (var column in model.Numeric)
                {
                    var col = new float[n];
                    if (tensor.Data is float[] f && tensor.Missing is null) for (var r = 0; r < n; r++) col[r] = f[r * width + c];
                    else for (var r = 0; r < n; r++) col[r] = (float)tensor.NumberAt(r * width + c);
                    numeric[column.Name] = col;
                    c++;
                }
            }
        }
        foreach (var column in model.Columns)
        {
            if (model.Mode == "tensor" && column.Kind == FeatureKind.Numeric) continue;
            var (index, tensor) = seen[column.InputName];
            if (!Check(tensor, $"inputs[{index}]", column.Kind, 1, maxRows, ref rows, errors)) continue;
            if (column.Kind == FeatureKind.Numeric) numeric[column.Name] = Floats(tensor);
            else categorical[column.Name] = ((byte[][])tensor.Data).Select(b => b is null ? null : Encoding.UTF8.GetString(b)).ToArray();
        }
        if (errors.Count > 0 || rows is null) return ParsedRequest.Fail(errors.Take(JsonValues.MaxErrors).ToArray());
        var features = new FeatureBatch(rows.Value);
        foreach (var (name, values) in numeric) features.Numeric[name] = values;
        foreach (var (name, values) in categorical) features.Categorical[name] = values;
        return new ParsedRequest { Batch = features, Id = request.Id, Request = request };
    }

    private static List<string> ExpectedInputs(ServedModel model) => model.Mode == "tensor"
        ? model.Categorical.Select(c => c.InputName).Prepend(model.TensorInput).ToList()
        : model.Columns.Select(c => c.InputName).ToList();

    private static float[] Floats(Tensor tensor)
    {
        if (tensor.Data is float[] f && tensor.Missing is null) return f;
        var values = new float[tensor.Data.Length];
        for (var k = 0; k < values.Length; k++) values[k] = (float)tensor.NumberAt(k);
        return values;
    }

    /// <summary>The input's name, datatype and shape against the model, before its data is read.</summary>
    internal static bool PreCheck(ServedModel model, int index, string name, string datatype, long[] shape, int maxRows, ref int? rows, List<FieldError> errors)
    {
        var field = $"inputs[{index}]";
        if (model.Mode == "tensor" && name == model.TensorInput) return Check(name, datatype, shape, field, FeatureKind.Numeric, model.Numeric.Count(), maxRows, ref rows, errors);
        var column = model.Columns.FirstOrDefault(c => c.InputName == name && (model.Mode != "tensor" || c.Kind == FeatureKind.Categorical));
        if (column is null)
        {
            errors.Add(new($"{field}.name", $"'{name}' is not an input of model {model.Name}; its inputs are {Signature(model)}"));
            return false;
        }
        return Check(name, datatype, shape, field, column.Kind, 1, maxRows, ref rows, errors);
    }

    private static bool Check(Tensor tensor, string field, FeatureKind kind, int width, int maxRows, ref int? rows, List<FieldError> errors) =>
        Check(tensor.Name, tensor.Datatype, tensor.Shape, field, kind, width, maxRows, ref rows, errors);

    private static bool Check(string name, string datatype, long[] shape, string field, FeatureKind kind, int width, int maxRows, ref int? rows, List<FieldError> errors)
    {
        if (kind == FeatureKind.Numeric && datatype == Datatype.Bytes)
        { errors.Add(new($"{field}.datatype", $"'{datatype}' does not fit input '{name}', which is FP32 (numbers)")); return false; }
        if (kind == FeatureKind.Categorical && datatype != Datatype.Bytes)
        { errors.Add(new($"{field}.datatype", $"'{datatype}' does not fit input '{name}', which is BYTES (strings)")); return false; }
        var shapeText = Tensor.ShapeText(shape);
        var expectedShape = width > 1 ? $"[N, {width}]" : "[N] or [N, 1]";
        var shapeOk = width > 1 ? shape.Length == 2 && shape[1] == width : shape.Length == 1 || (shape.Length == 2 && shape[1] == 1);
        if (!shapeOk) { errors.Add(new($"{field}.shape", $"{shapeText} does not fit input '{name}', expected {expectedShape}")); return false; }
        var n = shape[0];
        if (n == 0) { errors.Add(new($"{field}.shape", "has no rows; send at least one")); return false; }
        if (n > maxRows) { errors.Add(new($"{field}.shape", $"{n} rows is more than the limit of {maxRows} per request; split the request or raise --max-request-rows")); return false; }
        if (rows is { } r && r != n) { errors.Add(new($"{field}.shape", $"{shapeText} has {n} rows but other inputs have {r}; every input needs the same N")); return false; }
        rows = (int)n;
        return true;
    }

    internal static string Signature(ServedModel model) => model.Mode == "tensor"
        ? string.Join(", ", model.Categorical.Select(c => $"{c.InputName} BYTES [N,1]").Prepend($"{model.TensorInput} FP32 [N,{model.Numeric.Count()}]"))
        : string.Join(", ", model.Columns.Select(c => $"{c.InputName} {c.Datatype} [N,1]"));
}
