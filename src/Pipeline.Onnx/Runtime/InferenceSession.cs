using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Runtime;

/// <summary>
/// One loaded model, run by ONNX Runtime's own .NET API (the Microsoft.ML.OnnxRuntime package, which also carries the
/// native library). Thread-safe: any number of threads may call Run at once (ONNX Runtime sessions are re-entrant);
/// Dispose waits for runs in flight (a lease count), so a scorer swapped out under load is freed only once idle.
/// </summary>
public sealed partial class InferenceSession : IDisposable
{
    private readonly Ort.InferenceSession session;
    private readonly Lazy<ModelMetadata> metadata;
    private int leases;
    private int disposeRequested;

    private InferenceSession(Ort.InferenceSession session, string source)
    {
        this.session = session;
        Source = source;
        Inputs = session.InputMetadata.Select(kv => new NodeInfo(kv.Key, OrtTypes.Describe(kv.Value))).ToArray();
        Outputs = session.OutputMetadata.Select(kv => new NodeInfo(kv.Key, OrtTypes.Describe(kv.Value))).ToArray();
        metadata = new Lazy<ModelMetadata>(ReadMetadata);
    }

    /// <summary>Model file path, or a label for a model loaded from bytes; used in every error message.</summary>
    public string Source { get; }

    public IReadOnlyList<NodeInfo> Inputs { get; }

    public IReadOnlyList<NodeInfo> Outputs { get; }

    public ModelMetadata Metadata => metadata.Value;

    /// <summary>Version string of the loaded ONNX Runtime library.</summary>
    public static string RuntimeVersion => Ort.OrtEnv.Instance().GetVersionString();

    /// <summary>Path of the loaded ONNX Runtime library (the package's native file for this platform).</summary>
    public static string RuntimeLibraryPath => OrtTypes.LibraryPath();

    /// <summary>The ONNX Runtime session underneath, for callers that use the package's API directly.</summary>
    internal Ort.InferenceSession Native => session;

    /// <summary>Loads a model file.</summary>
    public static InferenceSession Open(string modelPath, SessionOptions? options = null)
    {
        var full = Path.GetFullPath(modelPath);
        if (!File.Exists(full))
            throw new FileNotFoundException($"ONNX model {full} does not exist; check the path (e.g. source.onnx in model.yaml).", full);
        using var native = CreateOptions(options ?? SessionOptions.Default, full);
        return new InferenceSession(OrtErrors.Wrap(() => new Ort.InferenceSession(full, native), $"loading ONNX model {full}"), full);
    }

    /// <summary>Loads a model from its serialized bytes; <paramref name="label"/> names it in errors.</summary>
    public static InferenceSession FromBytes(ReadOnlySpan<byte> model, SessionOptions? options = null, string label = "<in-memory model>")
    {
        using var native = CreateOptions(options ?? SessionOptions.Default, label);
        var bytes = model.ToArray();
        return new InferenceSession(OrtErrors.Wrap(() => new Ort.InferenceSession(bytes, native), $"loading ONNX model {label}"), label);
    }

    public NodeInfo Input(string name) => Inputs.FirstOrDefault(i => i.Name == name)
        ?? throw new KeyNotFoundException($"model {Source} has no input {name} (inputs: {string.Join(", ", Inputs.Select(i => i.Name))})");

    public NodeInfo Output(string name) => Outputs.FirstOrDefault(i => i.Name == name)
        ?? throw new KeyNotFoundException($"model {Source} has no output {name} (outputs: {string.Join(", ", Outputs.Select(i => i.Name))})");

    /// <summary>Takes a lease for one run; throws when the session is disposed.</summary>
    internal void Enter()
    {
        Interlocked.Increment(ref leases);
        if (Volatile.Read(ref disposeRequested) != 0)
        {
            Exit();
            throw new ObjectDisposedException(nameof(InferenceSession), $"the session for {Source} is disposed");
        }
    }

    internal void Exit()
    {
        if (Interlocked.Decrement(ref leases) == 0 && Volatile.Read(ref disposeRequested) != 0) Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposeRequested, 1) != 0) return;
        if (Volatile.Read(ref leases) == 0) Release();   // else the last run in flight releases it
    }

    private int released;

    private void Release()
    {
        if (Interlocked.Exchange(ref released, 1) == 0) session.Dispose();
    }

    private static Ort.SessionOptions CreateOptions(SessionOptions options, string source)
    {
        var native = new Ort.SessionOptions();
        try
        {
            native.IntraOpNumThreads = options.IntraOpThreads;
            native.InterOpNumThreads = options.InterOpThreads;
            native.GraphOptimizationLevel = options.OptimizationLevel switch
            {
                GraphOptimizationLevel.None => Ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimizationLevel.Basic => Ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimizationLevel.Extended => Ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => Ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            native.ExecutionMode = options.ExecutionMode == ExecutionMode.Parallel ? Ort.ExecutionMode.ORT_PARALLEL : Ort.ExecutionMode.ORT_SEQUENTIAL;
            // Errors only: ORT's warnings go to stderr and would interleave with build output.
            native.LogSeverityLevel = Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            var entries = new Dictionary<string, string>(options.ConfigEntries)
            {
                ["session.intra_op.allow_spinning"] = options.AllowSpinning ? "1" : "0",
                ["session.inter_op.allow_spinning"] = options.AllowSpinning ? "1" : "0",
            };
            foreach (var (key, value) in entries)
                OrtErrors.Wrap(() => native.AddSessionConfigEntry(key, value), $"configuring session options for {source} ({key}={value})");
            return native;
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    private ModelMetadata ReadMetadata()
    {
        var m = OrtErrors.Wrap(() => session.ModelMetadata, $"reading metadata of {Source}");
        return new ModelMetadata
        {
            ProducerName = m.ProducerName,
            GraphName = m.GraphName,
            Domain = m.Domain,
            Description = m.Description,
            Version = m.Version,
            Custom = new Dictionary<string, string>(m.CustomMetadataMap, StringComparer.Ordinal),
        };
    }
}
