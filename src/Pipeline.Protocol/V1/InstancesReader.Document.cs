using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Protocol.Rest;

namespace Pipeline.Protocol.V1;

public sealed partial class InstancesReader
{
    /// <summary>The thorough reader: a <see cref="JsonDocument"/>, every field checked, every problem listed.</summary>
    public Decoded<FeatureBatch> ReadDocument(ReadOnlyMemory<byte> body, int maxRows)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { return Decoded<FeatureBatch>.Fail("$", $"body is not valid JSON ({e.Message}); send {{\"instances\": [{{...}}]}}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances))
                return Decoded<FeatureBatch>.Fail("instances", $"is missing; send {{\"instances\": [{{{string.Join(", ", Columns.Select(c => $"\"{c.Name}\": …"))}}}]}}");
            if (instances.ValueKind != JsonValueKind.Array)
                return Decoded<FeatureBatch>.Fail("instances", $"expected an array of row objects, got {JsonElements.Describe(instances)}");
            var rows = instances.GetArrayLength();
            if (rows == 0) return Decoded<FeatureBatch>.Fail("instances", "is empty; send at least one row");
            if (rows > maxRows) return Decoded<FeatureBatch>.Fail("instances", $"has {rows} rows, more than the limit of {maxRows} per request; split the request or raise --max-request-rows");

            var errors = new List<FieldProblem>();
            var batch = new FeatureBatch(rows);
            var numeric = Columns.Where(c => !c.Categorical).Select(c => (c.Name, Values: new float[rows])).ToArray();
            var categorical = Columns.Where(c => c.Categorical).Select(c => (c.Name, Values: new string?[rows])).ToArray();
            var r = 0;
            foreach (var row in instances.EnumerateArray())
            {
                if (errors.Count >= Tensors.TensorElements.MaxProblems) break;
                if (row.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FieldProblem($"instances[{r}]", $"expected an object of column values, got {JsonElements.Describe(row)}"));
                    r++;
                    continue;
                }
                foreach (var (name, values) in numeric)
                {
                    if (!row.TryGetProperty(name, out var v)) errors.Add(Missing(r, name, "number"));
                    else if (!InstanceValues.TryNumeric(v, out values[r]))
                        errors.Add(new FieldProblem($"instances[{r}].{name}", $"expected a number (or null for missing), got {JsonElements.Describe(v)}"));
                }
                foreach (var (name, values) in categorical)
                {
                    if (!row.TryGetProperty(name, out var v)) errors.Add(Missing(r, name, "string"));
                    else if (!InstanceValues.TryCategorical(v, out values[r]))
                        errors.Add(new FieldProblem($"instances[{r}].{name}", $"expected a string category (or null for missing), got {JsonElements.Describe(v)}"));
                }
                r++;
            }
            if (errors.Count > 0) return Decoded<FeatureBatch>.Fail(errors.Take(Tensors.TensorElements.MaxProblems).ToArray());
            foreach (var (name, values) in numeric) batch.Numeric[name] = values;
            foreach (var (name, values) in categorical) batch.Categorical[name] = values;
            return new Decoded<FeatureBatch> { Value = batch };
        }
    }

    private static FieldProblem Missing(int row, string column, string type) =>
        new($"instances[{row}].{column}", $"is missing; the model reads column {column} ({type}, null allowed for missing)");
}
