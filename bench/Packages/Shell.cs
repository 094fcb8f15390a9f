using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Bench.Packages;

/// <summary>Child processes: run to the end and return standard output, or throw with both streams when they fail.</summary>
internal static class Shell
{
    public static string Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, bool allowFailure = false)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var error = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{file} {string.Join(' ', info.ArgumentList)} exited with {p.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }

    /// <summary>The 1-minute load average, the machine's contention at the moment.</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
