using Pipeline.Onnx.Native;

namespace Pipeline.Onnx.Runtime;

/// <summary>
/// One loaded model. Thread-safe: any number of threads may call Run at once (ONNX Runtime sessions are re-entrant);
/// Dispose waits for runs in flight through the SafeHandle reference count.
/// </summary>
public sealed unsafe partial class InferenceSession : IDisposable
{
    private readonly OrtHandle session;
    private readonly Utf8Strings inputNames;
    private readonly Utf8Strings outputNames;
    private readonly Lazy<ModelMetadata> metadata;

    private InferenceSession(IntPtr native, string source)
    {
        session = new OrtHandle(native, OrtRuntime.Instance.Api.ReleaseSession);
        Source = source;
        try
        {
            Inputs = ReadNodes(isInput: true);
            Outputs = ReadNodes(isInput: false);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        inputNames = new Utf8Strings(Inputs.Select(i => i.Name).ToArray());
        outputNames = new Utf8Strings(Outputs.Select(o => o.Name).ToArray());
        session.Own(inputNames, outputNames);
        metadata = new Lazy<ModelMetadata>(ReadMetadata);
    }

    /// <summary>Model file path, or a label for a model loaded from bytes; used in every error message.</summary>
    public string Source { get; }

    public IReadOnlyList<NodeInfo> Inputs { get; }

    public IReadOnlyList<NodeInfo> Outputs { get; }

    public ModelMetadata Metadata => metadata.Value;

    /// <summary>Version string of the loaded ONNX Runtime library.</summary>
    public static string RuntimeVersion => OrtRuntime.Instance.Version;

    /// <summary>Path of the loaded ONNX Runtime library.</summary>
    public static string RuntimeLibraryPath => OrtRuntime.Instance.LibraryPath;

    /// <summary>Loads a model file.</summary>
    public static InferenceSession Open(string modelPath, SessionOptions? options = null)
    {
        var full = Path.GetFullPath(modelPath);
        if (!File.Exists(full))
            throw new FileNotFoundException($"ONNX model {full} does not exist; check the path (e.g. source.onnx in model.yaml).", full);
        var rt = OrtRuntime.Instance;
        using var native = CreateOptions(options ?? SessionOptions.Default, full);
        IntPtr handle;
        var path = OperatingSystem.IsWindows()
            ? System.Text.Encoding.Unicode.GetBytes(full + "\0")
            : System.Text.Encoding.UTF8.GetBytes(full + "\0");
        fixed (byte* p = path)
        {
            OrtStatus.Check(rt.Api, rt.Api.CreateSession(rt.Env, p, native.DangerousGetHandle(), &handle), $"loading ONNX model {full}");
        }
        return new InferenceSession(handle, full);
    }

    /// <summary>Loads a model from its serialized bytes; <paramref name="label"/> names it in errors.</summary>
    public static InferenceSession FromBytes(ReadOnlySpan<byte> model, SessionOptions? options = null, string label = "<in-memory model>")
    {
        var rt = OrtRuntime.Instance;
        using var native = CreateOptions(options ?? SessionOptions.Default, label);
        IntPtr handle;
        fixed (byte* p = model)
        {
            OrtStatus.Check(rt.Api, rt.Api.CreateSessionFromArray(rt.Env, p, (nuint)model.Length, native.DangerousGetHandle(), &handle), $"loading ONNX model {label}");
        }
        return new InferenceSession(handle, label);
    }

    public NodeInfo Input(string name) => Inputs.FirstOrDefault(i => i.Name == name)
        ?? throw new KeyNotFoundException($"model {Source} has no input {name} (inputs: {string.Join(", ", Inputs.Select(i => i.Name))})");

    public NodeInfo Output(string name) => Outputs.FirstOrDefault(i => i.Name == name)
        ?? throw new KeyNotFoundException($"model {Source} has no output {name} (outputs: {string.Join(", ", Outputs.Select(i => i.Name))})");

    public void Dispose()
    {
        session.Dispose();   // the name arrays go with the native session, after any run in flight returns
    }
}
