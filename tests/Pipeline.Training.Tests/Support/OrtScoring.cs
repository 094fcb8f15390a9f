using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Training.Tests.Support;

/// <summary>Scores a batch with ONNX Runtime by the named-input convention (numeric float [N,1], categorical string [N,1], probability [N,2]).</summary>
internal static class OrtScoring
{
    public static float[] Probabilities(string onnxPath, FeatureMapping mapping, FeatureBatch batch)
    {
        using var session = InferenceSession.Open(onnxPath);
        var values = new List<OrtValue>();
        try
        {
            var inputs = new List<KeyValuePair<string, OrtValue>>();
            foreach (var c in mapping.Numeric)
            {
                var v = OrtValue.CreateTensor(batch.Numeric[c], batch.Rows, 1);
                values.Add(v);
                inputs.Add(new(c, v));
            }
            foreach (var c in mapping.Categorical)
            {
                var v = OrtValue.CreateStringTensor(batch.Categorical[c].Select(s => s ?? "").ToArray(), batch.Rows, 1);
                values.Add(v);
                inputs.Add(new(c, v));
            }
            var p = ((OnnxTensor)session.Run(inputs)[mapping.ProbabilityOutput]).As<float>();
            return Enumerable.Range(0, batch.Rows).Select(r => p[2 * r + 1]).ToArray();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
