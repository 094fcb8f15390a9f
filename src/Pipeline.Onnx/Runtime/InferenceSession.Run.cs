using System.Text;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Runtime;

public sealed partial class InferenceSession
{
    private static readonly Ort.RunOptions DefaultRunOptions = new();

    /// <summary>Runs the model on named inputs; returns the requested outputs (all when <paramref name="outputs"/> is null) copied to managed memory.</summary>
    public RunResult Run(IEnumerable<KeyValuePair<string, OrtValue>> inputs, IReadOnlyList<string>? outputs = null)
    {
        var given = inputs.ToArray();
        var requested = outputs ?? Outputs.Select(o => o.Name).ToArray();
        foreach (var name in requested) Output(name);
        var names = given.Select(g => g.Key).ToArray();
        var values = given.Select(g => g.Value.Native).ToArray();
        Enter();
        try
        {
            Ort.IDisposableReadOnlyCollection<Ort.OrtValue> results;
            try
            {
                results = session.Run(DefaultRunOptions, names, values, requested);
            }
            catch (Ort.OnnxRuntimeException e)
            {
                throw OrtErrors.From(e, DescribeRun(names, values));
            }
            using (results)
            {
                return new RunResult(requested, results.Select(OrtTypes.Read).ToArray());
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Runs with inputs given as (name, value) pairs.</summary>
    public RunResult Run(params (string Name, OrtValue Value)[] inputs) =>
        Run(inputs.Select(i => new KeyValuePair<string, OrtValue>(i.Name, i.Value)));

    /// <summary>
    /// Binds inputs and pre-allocated outputs once (ONNX Runtime's IOBinding), for a hot loop of runs over the same
    /// buffers: refill the input values' memory, call <see cref="PreparedRun.Run"/>, read the output values' memory;
    /// no managed allocation per run.
    /// </summary>
    public PreparedRun Prepare(IReadOnlyList<(string Name, OrtValue Value)> inputs, IReadOnlyList<(string Name, OrtValue Value)> outputs)
    {
        foreach (var (name, _) in inputs) Input(name);
        foreach (var (name, _) in outputs) Output(name);
        return new PreparedRun(this, inputs, outputs);
    }

    /// <summary>Runs a binding under a lease (a concurrent Dispose cannot free the session mid-run); errors name the model and the inputs.</summary>
    internal void RunBinding(Ort.RunOptions options, Ort.OrtIoBinding binding, ReadOnlySpan<string> inputNames, ReadOnlySpan<Ort.OrtValue> inputValues)
    {
        Enter();
        try
        {
            session.RunWithBinding(options, binding);
        }
        catch (Ort.OnnxRuntimeException e)
        {
            throw OrtErrors.From(e, DescribeRun(inputNames.ToArray(), inputValues.ToArray()));
        }
        finally
        {
            Exit();
        }
    }

    internal string DescribeRun(IReadOnlyList<string> names, IReadOnlyList<Ort.OrtValue> values)
    {
        var text = new StringBuilder($"running ONNX model {Source}");
        var parts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            seen.Add(name);
            var declared = Inputs.FirstOrDefault(n => n.Name == name);
            string given;
            try
            {
                given = DescribeValue(values[i]);
            }
            catch (Ort.OnnxRuntimeException)
            {
                given = "(unreadable value)";
            }
            parts.Add(declared is null
                ? $"input {name} given {given} is not a model input (inputs: {string.Join(", ", Inputs.Select(n => n.Name))})"
                : $"input {name} given {given}, model expects {declared.Type}");
        }
        foreach (var missing in Inputs.Where(n => !seen.Contains(n.Name)))
            parts.Add($"input {missing.Name} ({missing.Type}) not given");
        if (parts.Count > 0) text.Append(" [").Append(string.Join("; ", parts)).Append(']');
        return text.ToString();
    }

    private static string DescribeValue(Ort.OrtValue value)
    {
        if (value.OnnxType != Ort.OnnxValueType.ONNX_TYPE_TENSOR) return ((OnnxValueKind)(int)value.OnnxType).ToString().ToLowerInvariant();
        var (type, shape) = OrtTypes.TensorInfo(value);
        return $"tensor({TensorElementTypes.OnnxName(type)}){ShapeMath.Format(shape)}";
    }
}
