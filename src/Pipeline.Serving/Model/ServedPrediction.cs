namespace Pipeline.Serving.Model;

/// <summary>The one number per row a task's answer is judged by (histograms, shift, shadow): the probability or value itself, or for
/// multiclass the index of the most probable class (NaN when any of the row's probabilities is not finite).</summary>
public static class ServedPrediction
{
    public static float[] PerRow(float[] outputs, int width)
    {
        if (width <= 1) return outputs;
        var rows = outputs.Length / width;
        var result = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = outputs.AsSpan(r * width, width);
            var best = 0;
            var finite = true;
            for (var c = 0; c < width; c++)
            {
                finite &= float.IsFinite(row[c]);
                if (row[c] > row[best]) best = c;
            }
            result[r] = finite ? best : float.NaN;
        }
        return result;
    }
}
