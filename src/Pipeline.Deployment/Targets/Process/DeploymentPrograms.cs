namespace Pipeline.Deployment.Targets.Process;

/// <summary>Command prefixes that start the model server and the gateway (e.g. <c>dotnet …/Pipeline.Serving.dll</c>).</summary>
public sealed record DeploymentPrograms(IReadOnlyList<string> Server, IReadOnlyList<string> Gateway)
{
    /// <summary>Uses the newest build output of src/Pipeline.Serving and src/Pipeline.Gateway under <paramref name="rootDirectory"/>.</summary>
    public static DeploymentPrograms FromBuildOutput(string rootDirectory) =>
        new(["dotnet", Find(rootDirectory, "Pipeline.Serving")], ["dotnet", Find(rootDirectory, "Pipeline.Gateway")]);

    /// <summary>The command that runs the newest build output of <c>src/&lt;project&gt;</c> under <paramref name="rootDirectory"/>.</summary>
    public static IReadOnlyList<string> BuildOutput(string rootDirectory, string project) => ["dotnet", Find(rootDirectory, project)];

    private static string Find(string root, string project)
    {
        var bin = Path.Combine(root, "src", project, "bin");
        var dll = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, project + ".dll", SearchOption.AllDirectories)
                .Where(f => File.Exists(Path.ChangeExtension(f, ".runtimeconfig.json")))
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        return dll ?? throw new FileNotFoundException(
            $"{project}.dll: not built under {bin}; run `dotnet build src/{project}` (the Deploy targets do this first).", project + ".dll");
    }
}
