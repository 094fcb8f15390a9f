using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Pipeline.Onnx.Acquisition;
using Pipeline.Onnx.Tests.Support;

namespace Pipeline.Onnx.Tests.Acquisition;

public sealed class OrtLibraryLocatorTests
{
    private readonly string dir = TestPaths.TempDirectory();

    private static Func<string, string?> Env(Dictionary<string, string> values) => k => values.GetValueOrDefault(k);

    [Fact]
    public void Locate_OverrideToMissingFile_SaysWhatToDo()
    {
        var locator = new OrtLibraryLocator(cacheRoot: dir, getEnvironment: Env(new() { [OrtLibraryLocator.OverrideVariable] = "/nope/libonnxruntime.so" }));
        var e = Assert.Throws<OrtLibraryException>(() => locator.Locate());
        Assert.Contains("PIPELINE_ORT_LIBRARY=/nope/libonnxruntime.so: no such file", e.Message);
    }

    [Fact]
    public void Locate_OverrideToExistingFile_UsesIt()
    {
        var lib = Path.Combine(dir, "libcustom.so");
        File.WriteAllText(lib, "x");
        var locator = new OrtLibraryLocator(cacheRoot: dir, getEnvironment: Env(new() { [OrtLibraryLocator.OverrideVariable] = lib }));
        Assert.Equal(lib, locator.Locate());
    }

    [Fact]
    public void Locate_NpmMissing_SaysInstallNpmOrOverride()
    {
        var locator = new OrtLibraryLocator(cacheRoot: dir, fetcher: new NpmPackageFetcher("/nonexistent/npm"), getEnvironment: Env([]));
        var e = Assert.Throws<OrtLibraryException>(() => locator.Locate());
        Assert.Contains("npm is not available", e.Message);
        Assert.Contains("PIPELINE_ORT_LIBRARY", e.Message);
        Assert.False(File.Exists(Path.Combine(locator.CacheDirectory, ".complete")));
    }

    [Fact]
    public void Locate_RegistryUnreachable_SaysOffline()
    {
        var npmEnv = new Dictionary<string, string>
        {
            ["npm_config_registry"] = "http://127.0.0.1:9/",
            ["npm_config_cache"] = Path.Combine(dir, "npm-cache"),
            ["npm_config_fetch_retries"] = "0",
            ["npm_config_fetch_timeout"] = "5000",
        };
        var locator = new OrtLibraryLocator(cacheRoot: dir, fetcher: new NpmPackageFetcher("npm", npmEnv, TimeSpan.FromSeconds(60)), getEnvironment: Env([]));
        var e = Assert.Throws<OrtLibraryException>(() => locator.Locate());
        Assert.Contains("unreachable (offline?)", e.Message);
    }

    [Fact]
    public void Verify_IntegrityMismatch_ReportsBothHashes()
    {
        var file = Path.Combine(dir, "pkg.tgz");
        File.WriteAllText(file, "not the package");
        var e = Assert.Throws<OrtLibraryException>(() => PackageIntegrity.Verify(file, OrtPackagePin.Default.Integrity, "onnxruntime-node@1.30.0"));
        Assert.Contains("integrity mismatch", e.Message);
        Assert.Contains(PackageIntegrity.ComputeSha512(file), e.Message);
        Assert.Contains(OrtPackagePin.Default.Integrity, e.Message);
    }

    [Fact]
    public void Extract_PlatformAbsent_ListsWhatThePackageHas()
    {
        var tarball = Path.Combine(dir, "fake.tgz");
        using (var file = File.Create(tarball))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/bin/napi-v6/linux/x64/libonnxruntime.so.1") { DataStream = new MemoryStream([1, 2, 3]) };
            tar.WriteEntry(entry);
        }
        var e = Assert.Throws<OrtLibraryException>(() => PackageExtractor.Extract(tarball, OrtPlatform.For("freebsd", Architecture.X64), Path.Combine(dir, "out"), "pkg"));
        Assert.Contains("no ONNX Runtime library for this platform (freebsd-x64)", e.Message);
        Assert.Contains("linux/x64", e.Message);

        var lib = PackageExtractor.Extract(tarball, OrtPlatform.For("linux", Architecture.X64), Path.Combine(dir, "out"), "pkg");
        Assert.Equal([1, 2, 3], File.ReadAllBytes(lib));
    }

    [Fact]
    public void Locate_DefaultCache_HoldsOnlyThisPlatformsLibrary()
    {
        var locator = new OrtLibraryLocator();
        var path = locator.Locate();
        Assert.StartsWith(locator.CacheDirectory, path);
        Assert.EndsWith(OrtPlatform.Current.LibraryFile, path);
        Assert.Equal([OrtPlatform.Current.LibraryFile], Directory.GetFiles(locator.CacheDirectory).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')));
    }
}
