using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Runtime;

/// <summary>A run whose inputs and outputs are bound to fixed buffers (ONNX Runtime's IOBinding); <see cref="Run"/> allocates nothing managed.</summary>
public sealed class PreparedRun : IDisposable
{
    private readonly InferenceSession session;
    private readonly Ort.OrtIoBinding binding;
    private readonly Ort.RunOptions options = new();
    private readonly string[] inputNames;
    private readonly Ort.OrtValue[] inputValues;
    private readonly OrtValue[] keepAlive;
    private bool disposed;

    internal PreparedRun(InferenceSession session, IReadOnlyList<(string Name, OrtValue Value)> inputs, IReadOnlyList<(string Name, OrtValue Value)> outputs)
    {
        this.session = session;
        binding = session.Native.CreateIoBinding();
        inputNames = inputs.Select(i => i.Name).ToArray();
        inputValues = inputs.Select(i => i.Value.Native).ToArray();
        keepAlive = inputs.Select(i => i.Value).Concat(outputs.Select(o => o.Value)).ToArray();
        foreach (var (name, value) in inputs) OrtErrors.Wrap(() => binding.BindInput(name, value.Native), $"binding input {name} of {session.Source}");
        foreach (var (name, value) in outputs) OrtErrors.Wrap(() => binding.BindOutput(name, value.Native), $"binding output {name} of {session.Source}");
    }

    /// <summary>Runs the model: reads the bound input buffers, writes the bound output buffers.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        session.RunBinding(options, binding, inputNames, inputValues);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        binding.Dispose();
        options.Dispose();
        GC.KeepAlive(keepAlive);
    }
}
