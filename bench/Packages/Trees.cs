using System.Diagnostics;

namespace Pipeline.Bench.Packages;

/// <summary>One checkout of the repository the bench measures: the commit before the package swap (a git worktree) or this tree.</summary>
internal sealed record Tree(string Label, string Root, string Commit)
{
    public string Dll(string project, string assembly) => Path.Combine(Root, project, "bin", "Release", "net10.0", assembly + ".dll");

    /// <summary>A detached worktree of <paramref name="commit"/> under <paramref name="work"/>, added once and reused while it exists.</summary>
    public static Tree Before(string repository, string commit, string work)
    {
        var sha = Shell.Run("git", ["-C", repository, "rev-parse", "--verify", commit + "^{commit}"]).Trim();
        var path = Path.Combine(work, "before-" + sha[..12]);
        if (!File.Exists(Path.Combine(path, "Pipeline.sln")))
        {
            Shell.Run("git", ["-C", repository, "worktree", "prune"]);
            if (Directory.Exists(path)) Directory.Delete(path, true);
            Directory.CreateDirectory(work);
            Shell.Run("git", ["-C", repository, "worktree", "add", "--detach", path, sha]);
        }
        return new Tree("before", path, sha);
    }

    public static Tree Current(string repository) =>
        new("after", repository, Shell.Run("git", ["-C", repository, "rev-parse", "HEAD"]).Trim() +
            (Shell.Run("git", ["-C", repository, "status", "--porcelain", "--untracked-files=no"]).Trim().Length > 0 ? " (+ uncommitted changes)" : ""));

    public void Remove(string repository)
    {
        Shell.Run("git", ["-C", repository, "worktree", "remove", "--force", Root]);
    }

    /// <summary>Release build of each project (incremental: a second run of the bench reuses the outputs).</summary>
    public void Build(IEnumerable<string> projects)
    {
        foreach (var project in projects)
        {
            var watch = Stopwatch.StartNew();
            Shell.Run("dotnet", ["build", "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly", Path.Combine(Root, project)], Root);
            Console.WriteLine($"  built {Label} {project} in {watch.Elapsed.TotalSeconds:F0} s");
        }
    }
}
