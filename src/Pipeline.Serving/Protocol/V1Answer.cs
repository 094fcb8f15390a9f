using System.Text.Json;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>The V1 <c>:predict</c> answer, written the same for HTTP and the queue consumer.</summary>
internal static class V1Answer
{
    /// <summary>One number per row (probability or value); for multiclass one object per row with the class index, its name and every class's probability.</summary>
    public static void Write(Utf8JsonWriter w, ServedModel model, float[] scores)
    {
        var width = InferAnswer.Width(model);
        w.WriteStartObject();
        w.WriteStartArray("predictions");
        if (width > 1)
        {
            var predicted = ServedPrediction.PerRow(scores, width);
            for (var r = 0; r < predicted.Length; r++)
            {
                w.WriteStartObject();
                w.WriteNumber("class", (long)predicted[r]);
                w.WriteString("label", model.Classes[(int)predicted[r]]);
                w.WriteStartArray("probabilities");
                for (var c = 0; c < width; c++) w.WriteNumberValue(scores[r * width + c]);
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }
        else
        {
            foreach (var s in scores) w.WriteNumberValue(s);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
