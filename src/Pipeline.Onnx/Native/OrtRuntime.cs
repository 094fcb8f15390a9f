using System.Runtime.InteropServices;
using Pipeline.Onnx.Acquisition;

namespace Pipeline.Onnx.Native;

/// <summary>
/// The loaded native library, its API table and the process-wide environment. Created on first use, so the library is
/// located (and, once per machine, fetched) only by code that actually runs a model.
/// </summary>
internal sealed unsafe class OrtRuntime
{
    private static readonly Lazy<OrtRuntime> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private OrtRuntime(string libraryPath, string version, OrtApi api, IntPtr env, IntPtr allocator, IntPtr cpuMemory)
    {
        LibraryPath = libraryPath;
        Version = version;
        Api = api;
        Env = env;
        Allocator = allocator;
        CpuMemory = cpuMemory;
    }

    public static OrtRuntime Instance => Shared.Value;

    public string LibraryPath { get; }

    public string Version { get; }

    public OrtApi Api { get; }

    /// <summary>One OrtEnv for the process: ORT allows only one, and it lives until exit.</summary>
    public IntPtr Env { get; }

    /// <summary>ORT's default CPU allocator (not owned, never freed).</summary>
    public IntPtr Allocator { get; }

    /// <summary>CPU memory description for tensors over caller-owned buffers.</summary>
    public IntPtr CpuMemory { get; }

    private static OrtRuntime Load() => Load(new OrtLibraryLocator().Locate());

    /// <summary>Loads the library at <paramref name="path"/> and checks its API version (separate from the shared instance for tests).</summary>
    internal static OrtRuntime Load(string path)
    {
        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OrtLibraryException($"cannot load ONNX Runtime from {path}: {e.Message}. Check that it is built for this OS/architecture and its dependencies are installed, or set {OrtLibraryLocator.OverrideVariable}.", e);
        }
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
            throw new OrtLibraryException($"{path} is not an ONNX Runtime library: it has no OrtGetApiBase export. Set {OrtLibraryLocator.OverrideVariable} to libonnxruntime.");

        var apiBase = (IntPtr*)((delegate* unmanaged<IntPtr>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, IntPtr>)apiBase[0];
        var getVersion = (delegate* unmanaged<IntPtr>)apiBase[1];
        var version = Marshal.PtrToStringUTF8(getVersion()) ?? "unknown";
        var table = getApi(OrtApi.RequiredVersion);
        if (table == IntPtr.Zero)
            throw new OrtLibraryException(
                $"ONNX Runtime {version} at {path} does not provide C API version {OrtApi.RequiredVersion} (needs ONNX Runtime 1.{OrtApi.RequiredVersion} or newer). " +
                $"Point {OrtLibraryLocator.OverrideVariable} at a newer build, or unset it to use the pinned {OrtPackagePin.Default.Spec}.");

        var api = new OrtApi(table);
        IntPtr env, allocator, memory;
        var logId = "pipeline"u8;
        fixed (byte* id = logId)
        {
            // Level 3 = errors only: ORT's warnings go to stderr and would interleave with build output.
            OrtStatus.Check(api, api.CreateEnv(3, id, &env), "creating the ONNX Runtime environment");
        }
        OrtStatus.Check(api, api.GetAllocatorWithDefaultOptions(&allocator), "getting the default allocator");
        OrtStatus.Check(api, api.CreateCpuMemoryInfo(0 /* device allocator */, 0 /* default mem type */, &memory), "creating CPU memory info");
        return new OrtRuntime(path, version, api, env, allocator, memory);
    }
}
