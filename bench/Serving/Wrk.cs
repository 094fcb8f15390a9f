using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pipeline.Bench.Serving;

/// <summary>
/// Debian's <c>wrk</c> as a second load generator (a separate process written in C, so the load generator's own cost is not
/// .NET's): closed loop over keep-alive connections, POST bodies rotated by a Lua script that formats every request once.
/// </summary>
internal sealed class Wrk
{
    private readonly string _executable;

    private Wrk(string executable) => _executable = executable;

    /// <summary>wrk on the PATH, or null (the caller says how to install it).</summary>
    public static Wrk? Find()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(d => Path.Combine(d, "wrk")).FirstOrDefault(File.Exists);
        return path is null ? null : new Wrk(path);
    }

    public const string InstallHint = "wrk was not found on the PATH: install Debian's package (apt-get install wrk), or pass --generator own";

    /// <summary>Writes the Lua script that POSTs <paramref name="bodies"/> to <paramref name="path"/> in rotation.</summary>
    public static string WriteScript(string folder, string label, string path, IReadOnlyList<byte[]> bodies)
    {
        var lua = new StringBuilder();
        lua.Append("local bodies = {\n");
        foreach (var b in bodies) lua.Append("[==[").Append(Encoding.UTF8.GetString(b)).Append("]==],\n");
        lua.Append("}\nlocal requests = {}\nlocal i = 0\n");
        lua.Append("init = function(args)\n  for k, b in ipairs(bodies) do\n");
        lua.Append($"    requests[k] = wrk.format(\"POST\", \"{path}\", {{ [\"Content-Type\"] = \"application/json\" }}, b)\n");
        lua.Append("  end\nend\nrequest = function()\n  i = i % #requests + 1\n  return requests[i]\nend\n");
        var file = Path.Combine(folder, $"{label}.lua");
        File.WriteAllText(file, lua.ToString());
        return file;
    }

    /// <summary>Runs wrk for whole seconds at <paramref name="concurrency"/> connections; returns throughput, p50 and wrk's CPU per request.</summary>
    public async Task<Step> RunAsync(int port, string path, string script, int concurrency, int seconds)
    {
        var threads = Math.Min(concurrency, Environment.ProcessorCount);
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { $"-t{threads}", $"-c{concurrency}", $"-d{seconds}s", "--latency", "-s", script, $"http://127.0.0.1:{port}{path}" })
            info.ArgumentList.Add(a);
        var childCpu = ChildCpuSeconds();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await stderr}{text}");
        var rate = Number(text, "Requests/sec:");
        var p50 = Duration(text, " 50%");
        var requests = Number(text, "requests in", before: true);
        var errors = text.Contains("Non-2xx", StringComparison.Ordinal) ? Number(text, "Non-2xx or 3xx responses:") : 0;
        var cpu = (ChildCpuSeconds() - childCpu) * 1e6 / Math.Max(1, requests);
        return new Step(rate, p50, (long)errors, cpu);
    }

    public sealed record Step(double Throughput, double P50Ms, long Errors, double ClientCpuMicros);

    /// <summary>CPU of this process's reaped children (wrk runs are the only children that exit), from /proc/self/stat.</summary>
    private static double ChildCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 16 and 17 of stat (cutime, cstime), counted from after the command name: index 13 and 14.
        return (double.Parse(fields[13], CultureInfo.InvariantCulture) + double.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Number(string text, string label, bool before = false)
    {
        var at = text.IndexOf(label, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"wrk printed no '{label}': {text}");
        if (before)
        {
            var line = text[..at].TrimEnd();
            return double.Parse(line[(line.LastIndexOfAny([' ', '\n']) + 1)..], CultureInfo.InvariantCulture);
        }
        var rest = text[(at + label.Length)..].TrimStart();
        return double.Parse(rest[..rest.IndexOfAny([' ', '\n'])], CultureInfo.InvariantCulture);
    }

    /// <summary>A wrk duration ("87.00us", "1.20ms", "1.01s") in milliseconds.</summary>
    private static double Duration(string text, string label)
    {
        var at = text.IndexOf(label, StringComparison.Ordinal);
        if (at < 0) return double.NaN;
        var rest = text[(at + label.Length)..].TrimStart();
        var token = rest[..rest.IndexOfAny([' ', '\n'])];
        var unit = token.TrimStart("0123456789.".ToCharArray());
        var value = double.Parse(token[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, "m" => value * 60_000, _ => double.NaN };
    }
}
