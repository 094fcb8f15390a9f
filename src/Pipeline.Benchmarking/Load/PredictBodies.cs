using System.Buffers;
using System.Text.Json;
using Pipeline.Core.Features;

namespace Pipeline.Benchmarking.Load;

/// <summary>V1 <c>{"instances": [...]}</c> request bodies built from real rows, so load exercises the model on realistic inputs.</summary>
public static class PredictBodies
{
    /// <summary>Cuts <paramref name="rows"/> into at most <paramref name="maxBodies"/> bodies of <paramref name="rowsPerRequest"/> rows each.</summary>
    public static IReadOnlyList<byte[]> FromBatch(FeatureBatch rows, int rowsPerRequest = 1, int maxBodies = 256)
    {
        var bodies = new List<byte[]>();
        for (var start = 0; start + rowsPerRequest <= rows.Rows && bodies.Count < maxBodies; start += rowsPerRequest)
        {
            var buffer = new ArrayBufferWriter<byte>(256 * rowsPerRequest);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteStartArray("instances");
                for (var r = start; r < start + rowsPerRequest; r++)
                {
                    w.WriteStartObject();
                    foreach (var (name, values) in rows.Numeric)
                    {
                        if (float.IsNaN(values[r])) w.WriteNull(name);
                        else w.WriteNumber(name, values[r]);
                    }
                    foreach (var (name, values) in rows.Categorical)
                    {
                        if (values[r] is null) w.WriteNull(name);
                        else w.WriteString(name, values[r]);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            bodies.Add(buffer.WrittenSpan.ToArray());
        }
        if (bodies.Count == 0) throw new ArgumentException($"{rows.Rows} rows are fewer than {rowsPerRequest} rows per request", nameof(rows));
        return bodies;
    }
}
