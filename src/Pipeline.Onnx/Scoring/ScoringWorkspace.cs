using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pipeline.Core.Features;
using Pipeline.Onnx.Runtime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Scoring;

/// <summary>
/// Input (and, for fixed-width tensor outputs, output) buffers for one batch of up to <see cref="Capacity"/> rows,
/// bound once per row count to an ONNX Runtime IOBinding and reused run after run by one thread at a time (the scorer
/// pools them), so scoring allocates no managed memory per batch beyond the caller's result.
/// </summary>
internal sealed unsafe class ScoringWorkspace : IDisposable
{
    /// <summary>Row counts whose bound values are kept; other counts get values made for the one run.</summary>
    private const int MaxShapes = 64;

    private readonly ScoringPlan plan;
    private readonly InferenceSession session;
    private readonly void*[] buffers;
    private readonly float[]?[] columnRefs;
    private readonly string[] inputNames;
    private readonly int outputWidth;
    private readonly bool outputRankOne;
    private readonly bool outputToDevice;
    private readonly Dictionary<int, Bound> shapes = [];
    private readonly Ort.OrtIoBinding binding;
    private readonly Ort.RunOptions runOptions = new();
    private Bound? current;

    public ScoringWorkspace(ScoringPlan plan, InferenceSession session, int capacity)
    {
        this.plan = plan;
        this.session = session;
        Capacity = capacity;
        buffers = new void*[plan.Feeds.Count];
        columnRefs = new float[]?[plan.Feeds.Max(f => f.Width)];
        inputNames = plan.Feeds.Select(f => f.InputName).ToArray();
        for (var i = 0; i < plan.Feeds.Count; i++)
        {
            var feed = plan.Feeds[i];
            if (!feed.Categorical)
                buffers[i] = NativeMemory.AlignedAlloc((nuint)(capacity * feed.Width * TensorElementTypes.SizeOf(feed.ElementType)), 64);
        }
        var declared = session.Output(plan.OutputName).Type.Shape;
        outputRankOne = declared is { Count: 1 };
        // Multiclass [N,K] with K declared is pre-allocated like [N,2]; read whole.
        var classesDeclared = plan.Readout == ProbabilityReadout.Classes && declared is { Count: 2 } && declared[1].IsFixed;
        outputWidth = plan.Readout == ProbabilityReadout.Column1 || classesDeclared ? (int)declared![1].Size : 1;
        // ZipMap (a sequence) and a width only known at run time: ORT allocates the output, read after the run.
        outputToDevice = plan.Readout is ProbabilityReadout.ZipMap or ProbabilityReadout.ByRuntimeShape or ProbabilityReadout.ZipMapClasses
                         || (plan.Readout == ProbabilityReadout.Classes && !classesDeclared);
        binding = session.Native.CreateIoBinding();
        if (outputToDevice) binding.BindOutputToDevice(plan.OutputName, Ort.OrtMemoryInfo.DefaultInstance);
    }

    public int Capacity { get; }

    /// <summary>Columns of the pre-allocated output (1 for [N] and [N,1]).</summary>
    public int OutputWidth => outputWidth;

    /// <summary>The input values bound for the current batch, in feed order.</summary>
    public Ort.OrtValue[] Values => current!.Inputs;

    /// <summary>The pre-allocated output value (null when ORT allocates it: ZipMap, width known only at run time).</summary>
    public Ort.OrtValue? Output => current!.Output;

    /// <summary>The pre-allocated output's data as <typeparamref name="T"/> (its buffer does not move, so the pointer is kept).</summary>
    public ReadOnlySpan<T> OutputData<T>(int count) where T : unmanaged => new((void*)current!.OutputData, count * outputWidth);

    public string[] InputNames => inputNames;

    /// <summary>Fills the input buffers with rows [start, start+count) of the batch and binds the values for that row count.</summary>
    public void Fill(FeatureBatch batch, int start, int count)
    {
        var bound = ShapeFor(count);
        for (var f = 0; f < plan.Feeds.Count; f++)
        {
            var feed = plan.Feeds[f];
            if (feed.Categorical)
            {
                if (!batch.Categorical.TryGetValue(feed.Columns[0], out var column)) throw ModelScorer.MissingColumn(feed, feed.Columns[0], session);
                var value = bound.Inputs[f];
                for (var r = 0; r < count; r++) value.StringTensorSetElementAt((column[start + r] ?? "").AsSpan(), r);
            }
            else
            {
                for (var c = 0; c < feed.Columns.Count; c++)
                    columnRefs[c] = batch.Numeric.TryGetValue(feed.Columns[c], out var values) ? values : throw ModelScorer.MissingColumn(feed, feed.Columns[c], session);
                WriteNumeric(feed, buffers[f], start, count);
            }
        }
        if (!ReferenceEquals(bound, current))
        {
            for (var f = 0; f < plan.Feeds.Count; f++) binding.BindInput(inputNames[f], bound.Inputs[f]);
            if (bound.Output is not null) binding.BindOutput(plan.OutputName, bound.Output);
            current = bound;
        }
    }

    /// <summary>Runs the bound batch.</summary>
    public void Run() => session.RunBinding(runOptions, binding, inputNames, current!.Inputs);

    /// <summary>
    /// Runs the bound inputs with the output allocated by ORT instead of the pre-allocated one: after a failed run, so
    /// the error is the model's own (a node that fails) or the output's real shape is read and reported, not a mismatch
    /// with the pre-bound buffer. The next <see cref="Fill"/> binds the pre-allocated output again.
    /// </summary>
    public Ort.IDisposableReadOnlyCollection<Ort.OrtValue> RunWithRuntimeOutput()
    {
        binding.BindOutputToDevice(plan.OutputName, Ort.OrtMemoryInfo.DefaultInstance);
        var inputs = current!.Inputs;
        if (current.Kept) current = null;   // forces a re-bind of the pre-allocated output next time
        session.RunBinding(runOptions, binding, inputNames, inputs);
        return binding.GetOutputValues();
    }

    /// <summary>The output ORT allocated for the last run (ZipMap, run-time width); the caller disposes it.</summary>
    public Ort.IDisposableReadOnlyCollection<Ort.OrtValue> TakeDeviceOutputs() => binding.GetOutputValues();

    /// <summary>Values made for a row count outside the kept set go after their run.</summary>
    public void ReleaseValues()
    {
        if (current is { Kept: false } transient)
        {
            transient.Dispose();
            current = null;
        }
    }

    private Bound ShapeFor(int count)
    {
        if (current is { } c && c.Rows == count) return c;
        if (shapes.TryGetValue(count, out var kept)) return kept;
        var keep = shapes.Count < MaxShapes;
        var output = outputToDevice ? null : CreateOutput(count);
        var bound = new Bound(count, keep, CreateInputs(count), output, output is null ? IntPtr.Zero : (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(output.GetTensorMutableRawData())));
        if (keep) shapes[count] = bound;
        return bound;
    }

    private Ort.OrtValue[] CreateInputs(int count)
    {
        var values = new Ort.OrtValue[plan.Feeds.Count];
        for (var f = 0; f < plan.Feeds.Count; f++)
        {
            var feed = plan.Feeds[f];
            long[] shape = feed.Rank == 1 ? [count] : [count, feed.Width];
            values[f] = feed.Categorical
                ? Ort.OrtValue.CreateTensorWithEmptyStrings(Ort.OrtAllocator.DefaultInstance, shape)
                : Ort.OrtValue.CreateTensorValueWithData(Ort.OrtMemoryInfo.DefaultInstance, (Ort.Tensors.TensorElementType)(int)feed.ElementType, shape,
                    (IntPtr)buffers[f], (long)count * feed.Width * TensorElementTypes.SizeOf(feed.ElementType));
        }
        return values;
    }

    private Ort.OrtValue CreateOutput(int count)
    {
        long[] shape = outputRankOne ? [count] : [count, outputWidth];
        return Ort.OrtValue.CreateAllocatedTensorValue(Ort.OrtAllocator.DefaultInstance, (Ort.Tensors.TensorElementType)(int)plan.OutputType, shape);
    }

    private void WriteNumeric(InputFeed feed, void* buffer, int start, int count)
    {
        var width = feed.Width;
        for (var c = 0; c < width; c++)
        {
            var source = columnRefs[c]!.AsSpan(start, count);
            switch (feed.ElementType)
            {
                case TensorElementType.Float:
                    var fl = (float*)buffer;
                    if (width == 1) source.CopyTo(new Span<float>(fl, count));
                    else for (var r = 0; r < count; r++) fl[r * width + c] = source[r];
                    break;
                case TensorElementType.Double:
                    var d = (double*)buffer;
                    for (var r = 0; r < count; r++) d[r * width + c] = source[r];
                    break;
                case TensorElementType.Int64:
                    var l = (long*)buffer;
                    for (var r = 0; r < count; r++) l[r * width + c] = float.IsNaN(source[r]) ? 0 : (long)source[r];
                    break;
                case TensorElementType.Int32:
                    var i = (int*)buffer;
                    for (var r = 0; r < count; r++) i[r * width + c] = float.IsNaN(source[r]) ? 0 : (int)source[r];
                    break;
                case TensorElementType.Bool:
                    var b = (bool*)buffer;
                    for (var r = 0; r < count; r++) b[r * width + c] = source[r] != 0 && !float.IsNaN(source[r]);
                    break;
            }
        }
    }

    public void Dispose()
    {
        ReleaseValues();
        binding.Dispose();
        runOptions.Dispose();
        foreach (var bound in shapes.Values) bound.Dispose();
        shapes.Clear();
        for (var i = 0; i < buffers.Length; i++)
            if (buffers[i] is not null) NativeMemory.AlignedFree(buffers[i]);
    }

    /// <summary>The values for one row count: inputs over the workspace's buffers, and the output when its shape is known.</summary>
    private sealed class Bound(int rows, bool kept, Ort.OrtValue[] inputs, Ort.OrtValue? output, IntPtr outputData) : IDisposable
    {
        public IntPtr OutputData { get; } = outputData;
        public int Rows { get; } = rows;
        public bool Kept { get; } = kept;
        public Ort.OrtValue[] Inputs { get; } = inputs;
        public Ort.OrtValue? Output { get; } = output;

        public void Dispose()
        {
            foreach (var v in Inputs) v.Dispose();
            Output?.Dispose();
        }
    }
}
