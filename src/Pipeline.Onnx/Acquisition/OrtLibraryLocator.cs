namespace Pipeline.Onnx.Acquisition;

/// <summary>
/// Finds the ONNX Runtime library: <c>PIPELINE_ORT_LIBRARY</c> when set, else the per-user cache, which it fills once per
/// machine from the pinned npm package (fetched with npm, integrity-checked, only this platform's files extracted).
/// </summary>
public sealed class OrtLibraryLocator
{
    public const string OverrideVariable = "PIPELINE_ORT_LIBRARY";

    private readonly OrtPackagePin pin;
    private readonly OrtPlatform platform;
    private readonly string cacheRoot;
    private readonly NpmPackageFetcher fetcher;
    private readonly Func<string, string?> getEnvironment;

    public OrtLibraryLocator(OrtPackagePin? pin = null, OrtPlatform? platform = null, string? cacheRoot = null,
        NpmPackageFetcher? fetcher = null, Func<string, string?>? getEnvironment = null)
    {
        this.pin = pin ?? OrtPackagePin.Default;
        this.platform = platform ?? OrtPlatform.Current;
        this.getEnvironment = getEnvironment ?? Environment.GetEnvironmentVariable;
        this.cacheRoot = cacheRoot ?? DefaultCacheRoot(this.getEnvironment);
        this.fetcher = fetcher ?? new NpmPackageFetcher();
    }

    /// <summary><c>$XDG_CACHE_HOME/pipeline/onnxruntime</c>, or <c>~/.cache/pipeline/onnxruntime</c>.</summary>
    public static string DefaultCacheRoot(Func<string, string?> env)
    {
        var xdg = env("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "pipeline", "onnxruntime");
    }

    /// <summary>Directory the library for this platform is cached in.</summary>
    public string CacheDirectory => Path.Combine(cacheRoot, pin.Version, platform.Rid);

    /// <summary>Returns the path of a library file ready to load, fetching it first if the cache is empty.</summary>
    public string Locate()
    {
        var overridePath = getEnvironment(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            if (!File.Exists(overridePath))
                throw new OrtLibraryException($"{OverrideVariable}={overridePath}: no such file. Point it at a libonnxruntime shared library, or unset it to use the pinned {pin.Spec}.");
            return Path.GetFullPath(overridePath);
        }

        var library = Path.Combine(CacheDirectory, platform.LibraryFile);
        var marker = Path.Combine(CacheDirectory, ".complete");
        if (File.Exists(marker) && File.Exists(library)) return library;

        Directory.CreateDirectory(CacheDirectory);
        using var gate = AcquireLock(Path.Combine(CacheDirectory, ".lock"));
        if (File.Exists(marker) && File.Exists(library)) return library;   // another process filled it while we waited

        var work = Path.Combine(CacheDirectory, $".download-{Environment.ProcessId}");
        try
        {
            var tarball = fetcher.Pack(pin.Spec, work);
            PackageIntegrity.Verify(tarball, pin.Integrity, pin.Spec);
            var extracted = PackageExtractor.Extract(tarball, platform, CacheDirectory, pin.Spec);
            File.WriteAllText(marker, $"{pin.Spec} {pin.Integrity}\n");
            return extracted;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static FileStream AcquireLock(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(15))
            {
                Thread.Sleep(200);
            }
        }
    }
}
