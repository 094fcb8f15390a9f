namespace Pipeline.Packaging.Base;

/// <summary>What goes into the offline base: the ELF files whose libraries it must hold, and the runtime user.</summary>
public sealed record OfflineBaseOptions
{
    /// <summary>Executables and shared objects of the app (apphost, lib*.so, libonnxruntime); their ldd closure goes in the base.</summary>
    public required IReadOnlyList<string> ElfFiles { get; init; }

    /// <summary>Folders whose libraries ship with the app and so are left out of the base.</summary>
    public IReadOnlyList<string> AppDirectories { get; init; } = [];

    /// <summary>Libraries the runtime loads with dlopen (invisible to ldd): OpenSSL for hashing and TLS.</summary>
    public IReadOnlyList<string> DlopenLibraries { get; init; } = ["libssl.so.3", "libcrypto.so.3"];

    public int Uid { get; init; } = 10001;
    public string UserName { get; init; } = "pipeline";
    public bool IncludeCaCertificates { get; init; } = true;

    /// <summary>Folders searched for <see cref="DlopenLibraries"/>.</summary>
    public IReadOnlyList<string> LibraryDirectories { get; init; } = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64"];
}
