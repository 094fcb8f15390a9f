using System.Runtime.InteropServices;
using Pipeline.Onnx.Native;

namespace Pipeline.Onnx.Runtime;

/// <summary>A run whose inputs and outputs are bound to fixed buffers; <see cref="Run"/> allocates nothing managed.</summary>
public sealed unsafe class PreparedRun : IDisposable
{
    private readonly InferenceSession session;
    private readonly Utf8Strings inputNames;
    private readonly Utf8Strings outputNames;
    private readonly OrtValue[] keepAlive;
    private IntPtr* inputValues;
    private IntPtr* outputValues;

    internal PreparedRun(InferenceSession session, IReadOnlyList<(string Name, OrtValue Value)> inputs, IReadOnlyList<(string Name, OrtValue Value)> outputs)
    {
        this.session = session;
        inputNames = new Utf8Strings(inputs.Select(i => i.Name).ToArray());
        outputNames = new Utf8Strings(outputs.Select(o => o.Name).ToArray());
        keepAlive = inputs.Select(i => i.Value).Concat(outputs.Select(o => o.Value)).ToArray();
        inputValues = (IntPtr*)NativeMemory.Alloc((nuint)(Math.Max(inputs.Count, 1) * sizeof(IntPtr)));
        outputValues = (IntPtr*)NativeMemory.Alloc((nuint)(Math.Max(outputs.Count, 1) * sizeof(IntPtr)));
        for (var i = 0; i < inputs.Count; i++) inputValues[i] = inputs[i].Value.NativeHandle;
        for (var i = 0; i < outputs.Count; i++) outputValues[i] = outputs[i].Value.NativeHandle;
    }

    /// <summary>Runs the model: reads the bound input buffers, writes the bound output buffers.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(inputValues is null, this);
        session.RunNative(inputNames.Pointers, inputValues, inputNames.Count, outputNames.Pointers, outputNames.Count, outputValues);
    }

    public void Dispose()
    {
        if (inputValues is null) return;
        NativeMemory.Free(inputValues);
        NativeMemory.Free(outputValues);
        inputValues = null;
        outputValues = null;
        inputNames.Dispose();
        outputNames.Dispose();
        GC.KeepAlive(keepAlive);
    }
}
