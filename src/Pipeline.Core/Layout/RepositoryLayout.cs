namespace Pipeline.Core.Layout;

/// <summary>Well-known paths of a Pipeline checkout, found from the folder that holds <c>.nuke/</c>.</summary>
public sealed record RepositoryLayout(string RootDirectory)
{
    public string ModelsDirectory => Path.Combine(RootDirectory, "models");
    public string ContractsDirectory => Path.Combine(RootDirectory, "data-contracts");
    public string DataDirectory => Path.Combine(RootDirectory, "data");
    public string NukeDirectory => Path.Combine(RootDirectory, ".nuke");
    public string TempDirectory => Path.Combine(NukeDirectory, "temp");

    /// <summary>Artifact store root; <c>PIPELINE_ARTIFACTS</c> overrides the default <c>.artifacts/</c>.</summary>
    public string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("PIPELINE_ARTIFACTS") is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(RootDirectory, ".artifacts");

    public string ModelFile(string model) => Path.Combine(ModelsDirectory, model, "model.yaml");
    public string ContractFile(string contractId) => Path.Combine(ContractsDirectory, contractId + ".yaml");

    /// <summary>Resolves a path from a config file: absolute stays, relative is taken from the repository root.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(RootDirectory, path));

    /// <summary>Walks up from <paramref name="start"/> to the first folder holding <c>.nuke/</c>.</summary>
    public static RepositoryLayout Find(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory());
        for (var d = dir; d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, ".nuke")))
                return new RepositoryLayout(d.FullName);
        }
        throw new InvalidOperationException(
            $"No Pipeline root above {dir.FullName}: no folder holds a .nuke/ directory. Run from inside a Pipeline checkout.");
    }
}
