using System.Diagnostics;

namespace Pipeline.Evaluation.Tests.Support;

/// <summary>A fact that is skipped, with the install command, when Debian's python3-xgboost/python3-onnx are not installed.</summary>
public sealed class RequiresXgboostFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public RequiresXgboostFactAttribute()
    {
        if (Missing.Value is { } why) Skip = why;
    }

    private static string? Probe()
    {
        if (!File.Exists("/usr/bin/python3")) return "external trainer example needs /usr/bin/python3 (run .ci/install/40-trainers.sh)";
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import xgboost, onnx, numpy"]) { RedirectStandardError = true });
            p!.WaitForExit(30_000);
            return p.ExitCode == 0 ? null : "python3-xgboost/python3-onnx are not installed (run .ci/install/40-trainers.sh)";
        }
        catch (Exception e)
        {
            return $"cannot run /usr/bin/python3: {e.Message}";
        }
    }
}
