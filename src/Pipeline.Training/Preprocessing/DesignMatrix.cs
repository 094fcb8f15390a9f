using Pipeline.Core.Features;

namespace Pipeline.Training.Preprocessing;

/// <summary>Row-major float design matrix produced by applying a <see cref="PreprocessingPlan"/> to a batch (the same arithmetic the ONNX graph does).</summary>
public sealed class DesignMatrix
{
    private DesignMatrix(float[] values, int rows, int width)
    {
        Values = values;
        Rows = rows;
        Width = width;
    }

    public float[] Values { get; }
    public int Rows { get; }
    public int Width { get; }

    public ReadOnlySpan<float> Row(int r) => Values.AsSpan(r * Width, Width);

    public static DesignMatrix Build(PreprocessingPlan plan, FeatureBatch batch)
    {
        var width = plan.Width;
        var rows = batch.Rows;
        var values = new float[(long)rows * width];
        var col = 0;
        foreach (var n in plan.Numeric)
        {
            var src = batch.Numeric[n.Column];
            for (var r = 0; r < rows; r++)
            {
                var v = src[r];
                if (float.IsNaN(v)) v = n.Median;
                values[r * width + col] = (v - n.Mean) / n.StdDev;
            }
            col++;
        }
        foreach (var n in plan.Indicators)
        {
            var src = batch.Numeric[n.Column];
            for (var r = 0; r < rows; r++) values[r * width + col] = float.IsNaN(src[r]) ? 1f : 0f;
            col++;
        }
        foreach (var c in plan.Categorical)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < c.Categories.Count; k++) index[c.Categories[k]] = k;
            var src = batch.Categorical[c.Column];
            for (var r = 0; r < rows; r++)
            {
                if (src[r] is { } s && index.TryGetValue(s, out var k)) values[r * width + col + k] = 1f;
            }
            col += c.Categories.Count;
        }
        return new DesignMatrix(values, rows, width);
    }
}
