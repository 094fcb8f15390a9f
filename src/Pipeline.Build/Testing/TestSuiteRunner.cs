using System.Diagnostics;
using System.Globalization;
using Pipeline.Build.Tools;

namespace Pipeline.Build.Testing;

/// <summary>Builds once, then runs <c>dotnet test --no-build</c> per <c>tests/*.Tests</c> project and sums the TRX counts.</summary>
public sealed class TestSuiteRunner(string rootDirectory, string resultsDirectory)
{
    private static readonly Dictionary<string, string?> QuietDotnet = new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    /// <summary>Test projects under <c>tests/</c> whose folder name ends in <c>.Tests</c>, optionally only the named ones.</summary>
    public IReadOnlyList<string> FindProjects(IReadOnlyCollection<string>? only = null)
    {
        var all = Directory.GetDirectories(Path.Combine(rootDirectory, "tests"), "*.Tests")
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (only is null || only.Count == 0) return all;
        var selected = new List<string>();
        foreach (var name in only)
        {
            var match = all.FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), Path.GetFileName(name.TrimEnd('/')), StringComparison.OrdinalIgnoreCase))
                        ?? throw new ArgumentException(
                            $"No test project \"{name}\" under tests/. Available: {string.Join(", ", all.Select(Path.GetFileNameWithoutExtension))}.");
            selected.Add(match);
        }
        return selected;
    }

    /// <summary>Builds the solution (or only <paramref name="projects"/> when a subset is asked); throws when the build fails.</summary>
    public void Build(IReadOnlyList<string>? projects, CancellationToken cancellationToken)
    {
        var targets = projects is null ? [Path.Combine(rootDirectory, "Pipeline.sln")] : projects;
        foreach (var target in targets)
        {
            Log.Information($"dotnet build {Path.GetRelativePath(rootDirectory, target)} -c Debug");
            var exit = ProcessRunner.Run("dotnet", ["build", target, "-c", "Debug", "-nologo", "-v", "quiet", "-clp:NoSummary"],
                rootDirectory, QuietDotnet, cancellationToken: cancellationToken);
            if (exit != 0)
                throw new InvalidOperationException($"dotnet build {Path.GetRelativePath(rootDirectory, target)} failed with exit code {exit}; the errors are above.");
        }
    }

    public TestProjectResult RunProject(string project, string? filter, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        var trx = Path.Combine(resultsDirectory, name + ".trx");
        if (File.Exists(trx)) File.Delete(trx);
        var args = new List<string>
        {
            "test", project, "--no-build", "-c", "Debug", "--nologo",
            "--logger", $"trx;LogFileName={name}.trx", "--results-directory", resultsDirectory,
        };
        if (!string.IsNullOrWhiteSpace(filter)) args.AddRange(["--filter", filter]);
        var clock = Stopwatch.StartNew();
        var exit = ProcessRunner.Run("dotnet", args, rootDirectory, QuietDotnet, line => Log.Information($"  {line}"), cancellationToken);
        // A project without any test may exit 0 without writing a results file: it ran, with nothing to count.
        var ran = File.Exists(trx) || exit == 0;
        return new TestProjectResult
        {
            Project = name,
            Counts = File.Exists(trx) ? TrxReader.Read(trx) : default,
            ExitCode = exit,
            Ran = ran,
            DurationSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>A per-project line, deliberately not shaped like the final summary line.</summary>
    public static string Describe(TestProjectResult r) => r.Ran
        ? string.Create(CultureInfo.InvariantCulture,
            $"{r.Project}: passed {r.Counts.Passed}, failed {r.Counts.Failed}, skipped {r.Counts.Skipped} ({r.DurationSeconds:0.0} s){(r.ExitCode != 0 && r.Counts.Failed == 0 ? $", exit code {r.ExitCode}" : "")}")
        : $"{r.Project}: DID NOT RUN (dotnet test exit code {r.ExitCode}, no results file)";
}
