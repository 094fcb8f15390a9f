namespace Pipeline.Build;

/// <summary>Entry points: the process (real console, environment, Ctrl+C) and in-process runs for tests.</summary>
public static class BuildHost
{
    internal static int RunProcess<T>(string? defaultTarget) where T : NukeBuild, new()
    {
        var environment = (Func<string, string?>)Environment.GetEnvironmentVariable;
        var ci = IsTrue(environment("CI"));
        var interactive = !ci && !Console.IsOutputRedirected && environment("TERM") != "dumb";
        var masker = new SecretMasker();
        // Everything written to the console from here on, by the engine or by target code, is masked.
        var stdout = new MaskingTextWriter(Console.Out, masker);
        var stderr = new MaskingTextWriter(Console.Error, masker);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        string root;
        try
        {
            // build.sh/build.ps1 pass their own folder, so the build works from any working directory.
            root = environment("PIPELINE_ROOT") is { Length: > 0 } given && Directory.Exists(Path.Combine(given, ".nuke"))
                ? Path.GetFullPath(given)
                : Pipeline.Core.Layout.RepositoryLayout.Find().RootDirectory;
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
        var result = BuildEngine.Run<T>(new BuildInvocation
        {
            Arguments = Environment.GetCommandLineArgs().Skip(1).ToArray(),
            RootDirectory = root,
            Environment = environment,
            Out = stdout,
            Error = stderr,
            Interactive = interactive,
            WriteSchema = true,
            DefaultTarget = defaultTarget,
            CancellationToken = cancel.Token,
        }, masker);
        stdout.Flush();
        stderr.Flush();
        return result.ExitCode;
    }

    /// <summary>Runs a build in-process with the given invocation (tests, tools).</summary>
    public static BuildResult Run<T>(BuildInvocation invocation) where T : NukeBuild, new() => BuildEngine.Run<T>(invocation, new SecretMasker());

    internal static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
