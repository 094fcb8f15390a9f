using System.Buffers;
using System.Text.Json;
using Pipeline.Core.Features;

namespace Pipeline.Protocol.V1;

/// <summary>The V1 (TensorFlow Serving / KServe V1) body: <c>{"instances": [{column: value, …}, …]}</c>, missing values as null.</summary>
public static class PredictJson
{
    /// <summary>Writes rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of <paramref name="rows"/> as one request.</summary>
    public static void WriteInstances(IBufferWriter<byte> output, FeatureBatch rows, int start, int count)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteStartArray("instances");
        for (var r = start; r < start + count; r++)
        {
            w.WriteStartObject();
            foreach (var (name, values) in rows.Numeric)
            {
                if (float.IsFinite(values[r])) w.WriteNumber(name, values[r]);
                else w.WriteNull(name);
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
}
