using System.Runtime.InteropServices;

namespace Pipeline.Onnx.Acquisition;

/// <summary>Where the native library for one OS/architecture lives inside the onnxruntime-node package.</summary>
public sealed record OrtPlatform
{
    public required string Rid { get; init; }

    /// <summary>Folder inside the tarball, e.g. <c>package/bin/napi-v6/linux/x64</c>.</summary>
    public required string PackageFolder { get; init; }

    /// <summary>The library file the loader opens.</summary>
    public required string LibraryFile { get; init; }

    /// <summary>Other files from the same folder the library needs beside it.</summary>
    public IReadOnlyList<string> Companions { get; init; } = [];

    public static OrtPlatform Current => For(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
        : RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
        : RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture);

    public static OrtPlatform For(string os, Architecture architecture)
    {
        var arch = architecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            _ => architecture.ToString().ToLowerInvariant(),
        };
        return os switch
        {
            "linux" => new() { Rid = $"linux-{arch}", PackageFolder = $"package/bin/napi-v6/linux/{arch}", LibraryFile = "libonnxruntime.so.1" },
            "osx" => new() { Rid = $"osx-{arch}", PackageFolder = $"package/bin/napi-v6/darwin/{arch}", LibraryFile = "libonnxruntime.1.dylib" },
            "win" => new()
            {
                Rid = $"win-{arch}", PackageFolder = $"package/bin/napi-v6/win32/{arch}", LibraryFile = "onnxruntime.dll",
                Companions = ["DirectML.dll"],
            },
            _ => new() { Rid = $"{os}-{arch}", PackageFolder = $"package/bin/napi-v6/{os}/{arch}", LibraryFile = "libonnxruntime.so.1" },
        };
    }
}
