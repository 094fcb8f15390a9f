using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Pipeline.Bench.Onnx;

/// <summary>
/// The per-call path of the project's former hand-written C-API binding (src/Pipeline.Onnx/Native, removed when the
/// Microsoft.ML.OnnxRuntime package replaced it), kept only here so one bench run compares the package's API with it.
/// It loads the same libonnxruntime the package loaded. Two paths, as the old code ran them:
/// <see cref="PreparedRun"/> (OrtApi::Run on pre-bound values under a SafeHandle reference) and <see cref="ScoreOne"/>
/// (the old ModelScorer at batch 1: rent a workspace, create the input value over its buffer, Run with an ORT-allocated
/// output, read the output's shape and data, release both).
/// </summary>
internal sealed unsafe class LegacyBinding : IDisposable
{
    // Positions in the OrtApi struct (onnxruntime_c_api.h declaration order), as the old OrtApiSlot had them.
    private const int GetErrorMessage = 2, CreateEnv = 3, CreateSession = 7, RunSlot = 9, CreateSessionOptions = 10,
        SetSessionExecutionMode = 13, SetSessionLogSeverityLevel = 22, SetSessionGraphOptimizationLevel = 23, SetIntraOpNumThreads = 24,
        SetInterOpNumThreads = 25, CreateTensorWithDataAsOrtValue = 49, GetTensorMutableData = 51, GetDimensionsCount = 61,
        GetDimensions = 62, GetTensorTypeAndShape = 65, CreateCpuMemoryInfo = 69, ReleaseSession = 95, ReleaseValue = 96,
        ReleaseTensorTypeAndShapeInfo = 99, AddSessionConfigEntry = 130;

    private readonly IntPtr* api;
    private readonly SessionHandle session;
    private readonly IntPtr memory;
    private readonly IntPtr* inputNames;
    private readonly IntPtr* outputNames;
    private readonly int features;
    private readonly ConcurrentBag<Workspace> pool = [];

    public LegacyBinding(string library, string model, int features)
    {
        this.features = features;
        var handle = NativeLibrary.Load(library);
        var apiBase = (IntPtr*)((delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(handle, "OrtGetApiBase"))();
        api = (IntPtr*)((delegate* unmanaged<uint, IntPtr>)apiBase[0])(23);
        if (api is null) throw new InvalidOperationException($"{library} does not provide C API 23");
        IntPtr env, options, s, mem;
        fixed (byte* id = "bench-legacy"u8) Check(((delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)api[CreateEnv])(3, id, &env));
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)api[CreateSessionOptions])(&options));
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[SetIntraOpNumThreads])(options, 1));
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[SetInterOpNumThreads])(options, 1));
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[SetSessionGraphOptimizationLevel])(options, 99));
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[SetSessionExecutionMode])(options, 0));
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[SetSessionLogSeverityLevel])(options, 3));
        foreach (var key in new[] { "session.intra_op.allow_spinning", "session.inter_op.allow_spinning" })
        {
            var k = Marshal.StringToCoTaskMemUTF8(key);
            var v = Marshal.StringToCoTaskMemUTF8("0");
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)api[AddSessionConfigEntry])(options, k, v));
            Marshal.FreeCoTaskMem(k);
            Marshal.FreeCoTaskMem(v);
        }
        var path = Marshal.StringToCoTaskMemUTF8(model);
        Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr>)api[CreateSession])(env, path, options, &s));
        Marshal.FreeCoTaskMem(path);
        Check(((delegate* unmanaged<int, int, IntPtr*, IntPtr>)api[CreateCpuMemoryInfo])(0, 0, &mem));
        session = new SessionHandle(s, (delegate* unmanaged<IntPtr, void>)api[ReleaseSession]);
        memory = mem;
        inputNames = (IntPtr*)NativeMemory.Alloc((nuint)sizeof(IntPtr));
        outputNames = (IntPtr*)NativeMemory.Alloc((nuint)sizeof(IntPtr));
        inputNames[0] = Marshal.StringToCoTaskMemUTF8("input");
        outputNames[0] = Marshal.StringToCoTaskMemUTF8("probability");
    }

    /// <summary>A tensor over a native buffer this binding owns (the old OrtValue.AllocateTensor).</summary>
    public (IntPtr Value, IntPtr Buffer) Allocate(long rows, long columns)
    {
        var bytes = (nuint)(rows * columns * sizeof(float));
        var buffer = NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(buffer, bytes);
        var dims = stackalloc long[2] { rows, columns };
        IntPtr value;
        Check(((delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)api[CreateTensorWithDataAsOrtValue])(memory, buffer, bytes, dims, 2, 1, &value));
        return (value, (IntPtr)buffer);
    }

    /// <summary>The old PreparedRun.Run: OrtApi::Run on pre-bound values, holding a reference on the session.</summary>
    public void PreparedRun(IntPtr* inputs, IntPtr* outputs) => RunNative(inputs, 1, outputs);

    /// <summary>The old ModelScorer.Score(batch, start, 1, destination) on a tensor-mode model.</summary>
    public void ScoreOne(float[][] columns, int row, Span<float> destination)
    {
        var w = pool.TryTake(out var taken) ? taken : new Workspace(features);
        IntPtr output = IntPtr.Zero, input = IntPtr.Zero;
        try
        {
            var buffer = (float*)w.Buffer;
            for (var c = 0; c < features; c++) buffer[c] = columns[c][row];
            var dims = stackalloc long[2] { 1, features };
            Check(((delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)api[CreateTensorWithDataAsOrtValue])(memory, buffer, (nuint)(features * sizeof(float)), dims, 2, 1, &input));
            RunNative(&input, 1, &output);
            IntPtr info;
            nuint rank;
            var shape = stackalloc long[4];
            Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)api[GetTensorTypeAndShape])(output, &info));
            Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)api[GetDimensionsCount])(info, &rank));
            Check(((delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)api[GetDimensions])(info, shape, rank));
            ((delegate* unmanaged<IntPtr, void>)api[ReleaseTensorTypeAndShapeInfo])(info);
            if (shape[0] != 1) throw new InvalidOperationException("unexpected output shape");
            void* data;
            Check(((delegate* unmanaged<IntPtr, void**, IntPtr>)api[GetTensorMutableData])(output, &data));
            destination[0] = ((float*)data)[0];
        }
        finally
        {
            if (input != IntPtr.Zero) ((delegate* unmanaged<IntPtr, void>)api[ReleaseValue])(input);
            if (output != IntPtr.Zero) ((delegate* unmanaged<IntPtr, void>)api[ReleaseValue])(output);
            pool.Add(w);
        }
    }

    public void Release(IntPtr value) => ((delegate* unmanaged<IntPtr, void>)api[ReleaseValue])(value);

    private void RunNative(IntPtr* inputs, int count, IntPtr* outputs)
    {
        var added = false;
        session.DangerousAddRef(ref added);
        try
        {
            var run = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)api[RunSlot];
            Check(run(session.DangerousGetHandle(), IntPtr.Zero, inputNames, inputs, (nuint)count, outputNames, 1, outputs));
        }
        finally
        {
            if (added) session.DangerousRelease();
        }
    }

    private void Check(IntPtr status)
    {
        if (status != IntPtr.Zero)
            throw new InvalidOperationException(Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr, IntPtr>)api[GetErrorMessage])(status)));
    }

    public void Dispose()
    {
        while (pool.TryTake(out var w)) w.Dispose();
        session.Dispose();
    }

    private sealed class Workspace(int features) : IDisposable
    {
        public IntPtr Buffer { get; } = (IntPtr)NativeMemory.AlignedAlloc((nuint)(features * sizeof(float)), 64);

        public void Dispose() => NativeMemory.AlignedFree((void*)Buffer);
    }

    private sealed class SessionHandle : SafeHandle
    {
        private readonly delegate* unmanaged<IntPtr, void> release;

        public SessionHandle(IntPtr handle, delegate* unmanaged<IntPtr, void> release) : base(IntPtr.Zero, ownsHandle: true)
        {
            SetHandle(handle);
            this.release = release;
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            release(handle);
            return true;
        }
    }
}
