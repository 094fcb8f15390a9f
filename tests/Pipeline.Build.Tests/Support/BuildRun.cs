namespace Pipeline.Build.Tests.Support;

/// <summary>Runs a test build in-process with captured stdout/stderr and an explicit environment.</summary>
public sealed record BuildRun(BuildResult Result, string Out, string Error)
{
    public int ExitCode => Result.ExitCode;

    public RunManifest Manifest => Result.Manifest ?? throw new InvalidOperationException($"No manifest; exit {ExitCode}.\n{Out}\n{Error}");

    public T Build<T>() where T : NukeBuild => (T)Result.Build!;

    public TargetRecord Target(string name) => Manifest.Targets.Single(t => t.Name == name);

    public static BuildRun Of<T>(TempRoot root, params string[] args) where T : NukeBuild, new() =>
        Of<T>(root, new Dictionary<string, string>(), args);

    public static BuildRun Of<T>(TempRoot root, IReadOnlyDictionary<string, string> environment, params string[] args) where T : NukeBuild, new()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var result = BuildHost.Run<T>(new BuildInvocation
        {
            Arguments = args,
            RootDirectory = root.Path,
            Environment = name => environment.TryGetValue(name, out var v) ? v : null,
            Out = stdout,
            Error = stderr,
            Interactive = false,
            ReadGit = false,
        });
        return new BuildRun(result, stdout.ToString(), stderr.ToString());
    }
}
