using System.Diagnostics;
using Pipeline.Onnx.Acquisition;
using Pipeline.Onnx.Native;
using Pipeline.Onnx.Tests.Support;

namespace Pipeline.Onnx.Tests.Acquisition;

public sealed class OrtRuntimeLoadTests
{
    private readonly string dir = TestPaths.TempDirectory();

    [Fact]
    public void Load_RuntimeTooOld_SaysWhichVersionAndWhatToDo()
    {
        // A stand-in library whose OrtGetApiBase answers like an old ONNX Runtime: GetApi(23) returns NULL.
        var source = Path.Combine(dir, "old_ort.c");
        File.WriteAllText(source, """
            #include <stddef.h>
            #include <stdint.h>
            static const void *get_api(uint32_t v) { (void)v; return NULL; }
            static const char *version(void) { return "1.8.0"; }
            static const void *base[2] = { (const void *)get_api, (const void *)version };
            const void *OrtGetApiBase(void) { return base; }
            """);
        var library = Path.Combine(dir, "libold_ort.so");
        Gcc("-shared", "-fPIC", "-o", library, source);
        var e = Assert.Throws<OrtLibraryException>(() => OrtRuntime.Load(library));
        Assert.Contains("ONNX Runtime 1.8.0", e.Message);
        Assert.Contains("does not provide C API version 23", e.Message);
        Assert.Contains("PIPELINE_ORT_LIBRARY", e.Message);
    }

    [Fact]
    public void Load_NotAnOnnxRuntimeLibrary_SaysSo()
    {
        var source = Path.Combine(dir, "other.c");
        File.WriteAllText(source, "int something(void) { return 1; }\n");
        var library = Path.Combine(dir, "libother.so");
        Gcc("-shared", "-fPIC", "-o", library, source);
        var e = Assert.Throws<OrtLibraryException>(() => OrtRuntime.Load(library));
        Assert.Contains("no OrtGetApiBase export", e.Message);
    }

    private static void Gcc(params string[] args)
    {
        var psi = new ProcessStartInfo("gcc") { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"gcc failed: {error}");
    }
}
