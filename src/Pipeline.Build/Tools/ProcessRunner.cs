using System.Diagnostics;

namespace Pipeline.Build.Tools;

/// <summary>Runs a process, streaming each output line to the build log (masked), and returns its exit code.</summary>
public static class ProcessRunner
{
    public static int Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) info.Environment[k] = v;
        using var process = new Process { StartInfo = info };
        var write = onLine ?? (line => Log.Information(line));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) write(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) write(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start {fileName}: {e.Message}. Is it installed and on PATH?", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancellationToken.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
    }
}
