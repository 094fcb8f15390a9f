using System.Text;
using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Core.Models;

namespace Pipeline.Packaging.Validation;

/// <summary>Writes an Open Inference Protocol v2 request body for a batch of rows, following the model's feature mapping.</summary>
public static class InferenceRequestBuilder
{
    public static string Build(FeatureBatch batch, FeatureMapping mapping)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("inputs");
            if (mapping.Mode == "tensor")
            {
                WriteTensorHeader(w, mapping.TensorInput, "FP32", batch.Rows, mapping.Numeric.Count);
                for (var r = 0; r < batch.Rows; r++)
                    foreach (var column in mapping.Numeric)
                        WriteNumber(w, batch.Numeric[column][r]);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                foreach (var column in mapping.Numeric)
                {
                    WriteTensorHeader(w, InputName(mapping, column), "FP32", batch.Rows, 1);
                    foreach (var value in batch.Numeric[column])
                        WriteNumber(w, value);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
            }
            foreach (var column in mapping.Categorical)
            {
                WriteTensorHeader(w, InputName(mapping, column), "BYTES", batch.Rows, 1);
                foreach (var value in batch.Categorical[column])
                    w.WriteStringValue(value);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string InputName(FeatureMapping mapping, string column) => mapping.InputNames.GetValueOrDefault(column, column);

    private static void WriteTensorHeader(Utf8JsonWriter w, string name, string datatype, int rows, int width)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("datatype", datatype);
        w.WriteStartArray("shape");
        w.WriteNumberValue(rows);
        w.WriteNumberValue(width);
        w.WriteEndArray();
        w.WriteStartArray("data");
    }

    // JSON has no NaN: a missing value travels as null, which the server reads back as NaN.
    private static void WriteNumber(Utf8JsonWriter w, float value)
    {
        if (float.IsNaN(value))
            w.WriteNullValue();
        else
            w.WriteNumberValue(value);
    }
}
