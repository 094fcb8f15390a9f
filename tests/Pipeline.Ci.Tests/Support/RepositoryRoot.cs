using System.Runtime.CompilerServices;

namespace Pipeline.Ci.Tests.Support;

public static class RepositoryRoot
{
    /// <summary>The checkout this test file lives in (the folder with build.sh and .nuke/).</summary>
    public static string Find([CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build.sh")) && Directory.Exists(Path.Combine(dir.FullName, ".nuke")))
                return dir.FullName;
        throw new InvalidOperationException($"No repository root (build.sh + .nuke/) above {path}.");
    }
}
