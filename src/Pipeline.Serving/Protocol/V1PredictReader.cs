using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>Reads a V1 <c>{"instances": [{column: value, …}, …]}</c> body into model rows; extra fields in a row are ignored.</summary>
internal static class V1PredictReader
{
    public static ParsedRequest Read(ReadOnlyMemory<byte> body, ServedModel model, int maxRows)
    {
        // Well-formed bodies take one reader pass; the rest are read again below to name every problem.
        if (V1FastReader.For(model).TryRead(body.Span, maxRows) is { } rows) return new ParsedRequest { Batch = rows };
        return ReadDocument(body, model, maxRows);
    }

    /// <summary>The thorough reader: a <see cref="JsonDocument"/>, every field checked, every problem listed.</summary>
    internal static ParsedRequest ReadDocument(ReadOnlyMemory<byte> body, ServedModel model, int maxRows)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { return ParsedRequest.Fail("$", $"body is not valid JSON ({e.Message}); send {{\"instances\": [{{...}}]}}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances))
                return ParsedRequest.Fail("instances", $"is missing; send {{\"instances\": [{{{string.Join(", ", model.Columns.Select(c => $"\"{c.Name}\": …"))}}}]}}");
            if (instances.ValueKind != JsonValueKind.Array)
                return ParsedRequest.Fail("instances", $"expected an array of row objects, got {JsonValues.Describe(instances)}");
            var rows = instances.GetArrayLength();
            if (rows == 0) return ParsedRequest.Fail("instances", "is empty; send at least one row");
            if (rows > maxRows) return ParsedRequest.Fail("instances", $"has {rows} rows, more than the limit of {maxRows} per request; split the request or raise --max-request-rows");

            var errors = new List<FieldError>();
            var batch = new FeatureBatch(rows);
            var numeric = model.Numeric.Select(c => (c.Name, Values: new float[rows])).ToArray();
            var categorical = model.Categorical.Select(c => (c.Name, Values: new string?[rows])).ToArray();
            var r = 0;
            foreach (var row in instances.EnumerateArray())
            {
                if (errors.Count >= JsonValues.MaxErrors) break;
                if (row.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FieldError($"instances[{r}]", $"expected an object of column values, got {JsonValues.Describe(row)}"));
                    r++;
                    continue;
                }
                foreach (var (name, values) in numeric)
                {
                    if (!row.TryGetProperty(name, out var v)) errors.Add(Missing(r, name, "number"));
                    else if (!JsonValues.TryNumeric(v, out values[r]))
                        errors.Add(new FieldError($"instances[{r}].{name}", $"expected a number (or null for missing), got {JsonValues.Describe(v)}"));
                }
                foreach (var (name, values) in categorical)
                {
                    if (!row.TryGetProperty(name, out var v)) errors.Add(Missing(r, name, "string"));
                    else if (!JsonValues.TryCategorical(v, out values[r]))
                        errors.Add(new FieldError($"instances[{r}].{name}", $"expected a string category (or null for missing), got {JsonValues.Describe(v)}"));
                }
                r++;
            }
            if (errors.Count > 0) return ParsedRequest.Fail(errors.Take(JsonValues.MaxErrors).ToArray());
            foreach (var (name, values) in numeric) batch.Numeric[name] = values;
            foreach (var (name, values) in categorical) batch.Categorical[name] = values;
            return new ParsedRequest { Batch = batch };
        }
    }

    private static FieldError Missing(int row, string column, string type) =>
        new($"instances[{row}].{column}", $"is missing; the model reads column {column} ({type}, null allowed for missing)");
}
