using System.Runtime.InteropServices;
using System.Text;
using Pipeline.Onnx.Native;

namespace Pipeline.Onnx.Runtime;

public sealed unsafe partial class InferenceSession
{
    /// <summary>Runs the model on named inputs; returns the requested outputs (all when <paramref name="outputs"/> is null) copied to managed memory.</summary>
    public RunResult Run(IEnumerable<KeyValuePair<string, OrtValue>> inputs, IReadOnlyList<string>? outputs = null)
    {
        var given = inputs.ToArray();
        var requested = outputs ?? Outputs.Select(o => o.Name).ToArray();
        foreach (var name in requested) Output(name);
        using var names = new Utf8Strings(given.Select(g => g.Key).ToArray());
        using var requestedNames = outputs is null ? null : new Utf8Strings(requested);
        var values = stackalloc IntPtr[Math.Max(given.Length, 1)];
        for (var i = 0; i < given.Length; i++) values[i] = given[i].Value.NativeHandle;
        var results = new IntPtr[requested.Count];
        fixed (IntPtr* r = results)
        {
            RunNative(names.Pointers, values, given.Length, requestedNames is null ? outputNames.Pointers : requestedNames.Pointers, requested.Count, r);
        }
        var managed = new OnnxValue[results.Length];
        try
        {
            for (var i = 0; i < results.Length; i++) managed[i] = OrtValueReader.Read(results[i]);
        }
        finally
        {
            foreach (var r in results) if (r != IntPtr.Zero) OrtRuntime.Instance.Api.ReleaseValue(r);
        }
        GC.KeepAlive(given);
        return new RunResult(requested, managed);
    }

    /// <summary>Runs with inputs given as (name, value) pairs.</summary>
    public RunResult Run(params (string Name, OrtValue Value)[] inputs) =>
        Run(inputs.Select(i => new KeyValuePair<string, OrtValue>(i.Name, i.Value)));

    /// <summary>
    /// Binds inputs and pre-allocated outputs once, for a hot loop of runs over the same buffers: refill the input
    /// values' memory, call <see cref="PreparedRun.Run"/>, read the output values' memory; no managed allocation per run.
    /// </summary>
    public PreparedRun Prepare(IReadOnlyList<(string Name, OrtValue Value)> inputs, IReadOnlyList<(string Name, OrtValue Value)> outputs)
    {
        foreach (var (name, _) in inputs) Input(name);
        foreach (var (name, _) in outputs) Output(name);
        return new PreparedRun(this, inputs, outputs);
    }

    /// <summary>The raw ORT call; holds a reference on the session so a concurrent Dispose cannot free it mid-run.</summary>
    internal void RunNative(IntPtr* names, IntPtr* values, int count, IntPtr* outNames, int outCount, IntPtr* outputs)
    {
        var added = false;
        session.DangerousAddRef(ref added);
        try
        {
            var api = OrtRuntime.Instance.Api;
            var status = api.Run(session.DangerousGetHandle(), IntPtr.Zero, names, values, (nuint)count, outNames, (nuint)outCount, outputs);
            if (status != IntPtr.Zero) throw OrtStatus.ToException(api, status, DescribeRun(names, values, count));
        }
        finally
        {
            if (added) session.DangerousRelease();
        }
    }

    private string DescribeRun(IntPtr* names, IntPtr* values, int count)
    {
        var text = new StringBuilder($"running ONNX model {Source}");
        var parts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = Marshal.PtrToStringUTF8(names[i]) ?? "";
            seen.Add(name);
            var declared = Inputs.FirstOrDefault(n => n.Name == name);
            string given;
            try
            {
                given = DescribeValue(values[i]);
            }
            catch (OnnxRuntimeException)
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

    private static string DescribeValue(IntPtr value)
    {
        var api = OrtRuntime.Instance.Api;
        int kind;
        OrtStatus.Check(api, api.GetValueType(value, &kind), "describing an input");
        if ((OnnxValueKind)kind != OnnxValueKind.Tensor) return ((OnnxValueKind)kind).ToString().ToLowerInvariant();
        var (type, shape) = OrtValueReader.ReadTensorInfo(value);
        return $"tensor({TensorElementTypes.OnnxName(type)}){ShapeMath.Format(shape)}";
    }
}
