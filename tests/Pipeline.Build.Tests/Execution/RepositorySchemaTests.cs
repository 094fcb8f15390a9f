using System.Runtime.CompilerServices;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Build.Tests.Execution;

/// <summary>
/// Pins the repository's generated <c>.nuke/build.schema.json</c>. Every <c>./build.sh</c> run regenerates it from the real
/// targets and parameters (so <c>./build.sh Test</c> refreshes it before the tests run): a new target or parameter shows up
/// here as a diff to review and accept.
/// </summary>
public sealed class RepositorySchemaTests
{
    [Fact]
    public void BuildSchema_Repository_MatchesVerified()
    {
        var schema = File.ReadAllText(Path.Combine(RepositoryRoot(), ".nuke", "build.schema.json"));

        using (var doc = JsonDocument.Parse(schema))
        {
            var targets = doc.RootElement.GetProperty("definitions").GetProperty("ExecutableTarget").GetProperty("enum")
                .EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains("Test", targets);
            Assert.Contains("Setup", targets);
            Assert.True(doc.RootElement.GetProperty("properties").TryGetProperty("Model", out _));
        }
        Snapshot.Verify(schema);
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build.sh")) && Directory.Exists(Path.Combine(dir.FullName, ".nuke")))
                return dir.FullName;
        throw new InvalidOperationException($"No repository root (build.sh + .nuke/) above {path}.");
    }
}
