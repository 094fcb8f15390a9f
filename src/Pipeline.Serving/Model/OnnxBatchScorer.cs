using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Serving.Model;

/// <summary>The real scorer: one ONNX Runtime session (thread-safe Run), inputs per the mapping, positive-class probability out.</summary>
internal sealed class OnnxBatchScorer : IBatchScorer
{
    private readonly InferenceSession _session;
    private readonly FeatureMapping _mapping;
    private readonly string[] _outputs;

    private OnnxBatchScorer(InferenceSession session, FeatureMapping mapping)
    {
        _session = session;
        _mapping = mapping;
        _outputs = [mapping.ProbabilityOutput];
        session.Output(mapping.ProbabilityOutput);     // fails early, naming the outputs, when the mapping is wrong
    }

    public static OnnxBatchScorer Open(string onnxFile, FeatureMapping mapping)
    {
        // One intra-op thread: requests (or batches) are the parallelism; more threads would fight over 2 cores.
        var session = InferenceSession.Open(onnxFile, new Pipeline.Onnx.Runtime.SessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
        try { return new OnnxBatchScorer(session, mapping); }
        catch { session.Dispose(); throw; }
    }

    public float[] Score(FeatureBatch batch)
    {
        var n = batch.Rows;
        var inputs = new List<(string Name, OrtValue Value)>(_mapping.Numeric.Count + _mapping.Categorical.Count);
        try
        {
            if (_mapping.Mode == "tensor")
            {
                var width = _mapping.Numeric.Count;
                var flat = new float[n * width];
                for (var c = 0; c < width; c++)
                {
                    var column = batch.Numeric[_mapping.Numeric[c]];
                    for (var r = 0; r < n; r++) flat[r * width + c] = column[r];
                }
                inputs.Add((_mapping.TensorInput, OrtValue.CreateTensor(flat, n, width)));
            }
            else
            {
                foreach (var c in _mapping.Numeric)
                    inputs.Add((InputName(c), OrtValue.CreateTensor(batch.Numeric[c], n, 1)));
            }
            foreach (var c in _mapping.Categorical)
                inputs.Add((InputName(c), OrtValue.CreateStringTensor(batch.Categorical[c], n, 1)));

            var result = _session.Run(inputs.Select(i => new KeyValuePair<string, OrtValue>(i.Name, i.Value)), _outputs);
            return PositiveClass(result[0], n);
        }
        finally
        {
            foreach (var (_, value) in inputs) value.Dispose();
        }
    }

    private string InputName(string column) => _mapping.InputNames.TryGetValue(column, out var name) && name.Length > 0 ? name : column;

    private float[] PositiveClass(OnnxValue value, int rows)
    {
        if (value is not OnnxTensor tensor)
            throw new InvalidOperationException($"output {_mapping.ProbabilityOutput} is a {value.Kind}, expected a float tensor [N], [N,1] or [N,2]");
        var data = tensor.As<float>();
        if (data.Length == rows) return data;
        if (data.Length == rows * 2)
        {
            var p = new float[rows];
            for (var r = 0; r < rows; r++) p[r] = data[r * 2 + 1];
            return p;
        }
        throw new InvalidOperationException($"output {_mapping.ProbabilityOutput} has shape [{string.Join(", ", tensor.Shape)}] for {rows} rows; expected [N], [N,1] or [N,2]");
    }

    public void Dispose() => _session.Dispose();
}
