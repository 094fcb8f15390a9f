using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Training.Export;

/// <summary>A trained built-in model: preprocessing plan, coefficients and the facts recorded in the ONNX metadata.</summary>
public sealed record LogisticModel
{
    /// <summary>Model name, used as the ONNX graph name.</summary>
    public required string Name { get; init; }
    public required PreprocessingPlan Plan { get; init; }
    public required LogisticFit Fit { get; init; }
    public required LogisticRegressionOptions Options { get; init; }

    /// <summary>Digest of the training data (e.g. <c>sha256:…</c>), recorded for lineage.</summary>
    public string DataDigest { get; init; } = "";

    /// <summary>Column → ONNX input name overrides (features.inputNames); default is the column name.</summary>
    public IReadOnlyDictionary<string, string> InputNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Positive-class probability with the same float arithmetic order as the ONNX graph (for tests; evaluation uses ONNX Runtime).</summary>
    public float[] PredictProbability(DesignMatrix x)
    {
        var p = new float[x.Rows];
        var w = Fit.Weights.Select(v => (float)v).ToArray();
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            float z = 0;
            for (var j = 0; j < w.Length; j++) z += row[j] * w[j];
            z += (float)Fit.Intercept;
            p[r] = 1f / (1f + MathF.Exp(-z));
        }
        return p;
    }
}
