using System.IO.Compression;
using System.Xml.Linq;
using Pipeline.Build;
using Pipeline.Core.Layout;
using Pipeline.Graph.Tests.Support;
using Pipeline.Registry;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.Versions;

namespace Pipeline.Graph.Tests.Patterns;

/// <summary>
/// PackageNuGet through the real graph: the production version's exact digest goes into the package, the package version follows the
/// registry version, the description carries the lineage, and the package is recorded where Status, Models and Lineage show it.
/// (That a console app gets the server's predictions from such a package is tests/Pipeline.Dependency.Tests' ConsoleAppTests.)
/// </summary>
public sealed class PackageNuGetTargetTests
{
    private const string Model = "fraud-import";

    [Fact]
    public async Task PackageNuGet_ProductionVersion_PackagesItsDigestAndRecordsTheUse()
    {
        using var repo = new GraphRepository(Model);
        var store = new ArtifactStore(Path.Combine(repo.Root, ".artifacts"));
        var onnx = store.PutFile(Path.Combine(repo.Root, "models", Model, "model.onnx"), "application/onnx");
        await using (var registry = await ModelRegistryFactory.OpenAsync(null, new RepositoryLayout(repo.Root)))
        {
            // v1 is another digest, production is v2: the package must be v2's.
            await registry.RegisterVersionAsync(new NewModelVersion { Model = Model, ModelDigest = "sha256:" + new string('e', 64) });
            var v2 = await registry.RegisterVersionAsync(new NewModelVersion
            {
                Model = Model, ModelDigest = onnx.Digest, MetricsJson = """{"threshold":0.25}""",
                Lineage = new ModelLineage { Commit = "feedc0ffee12", DataDigest = "sha256:" + new string('d', 64), RunId = "run-x" },
            });
            await registry.ApplyAsync(new DeploymentChange
            {
                Model = Model, Action = DeploymentActions.SetAlias, Actor = "test", Reason = "test", ToVersion = v2.Version,
                AliasMoves = [new AliasMove(AliasNames.Production, v2.Version)],
            });
        }

        var run = repo.Run("PackageNuGet", "--model", Model);

        Assert.True(run.ExitCode == 0, run.ToString());
        var package = Path.Combine(repo.Root, ".artifacts", "nuget", "Pipeline.Models.FraudImport.2.0.0.nupkg");
        Assert.True(File.Exists(package), run.ToString());
        Assert.Equal(store.PutFile(package, "application/vnd.nuget.package").Digest, run.Output(Outputs.NuGetPackage).Digest);
        using (var zip = ZipFile.OpenRead(package))
        {
            using var onnxEntry = zip.GetEntry("model/model.onnx")!.Open();
            Assert.Equal(onnx.Digest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnxEntry)));
            var description = XDocument.Load(zip.GetEntry("Pipeline.Models.FraudImport.nuspec")!.Open()).Descendants().Single(e => e.Name.LocalName == "description").Value;
            foreach (var part in new[] { $"{Model} v2 ({onnx.Digest})", "feedc0ffee12", new string('d', 64), "EvaluateGate not recorded", "BenchmarkGate not recorded" })
                Assert.Contains(part, description, StringComparison.Ordinal);
        }
        Assert.Contains("dotnet add package Pipeline.Models.FraudImport --version 2.0.0", run.Out, StringComparison.Ordinal);

        var status = repo.Run("Status", "--model", Model, "--target", "process");
        Assert.Matches(@"nuget +v2 .*Pipeline\.Models\.FraudImport\.2\.0\.0\.nupkg", status.Out);
        var models = repo.Run("Models", "--model", Model);
        Assert.Contains("package-nuget", models.Out, StringComparison.Ordinal);
        var lineage = repo.Run("Lineage", "--model", Model, "--artifact", run.Output(Outputs.NuGetPackage).Digest["sha256:".Length..][..16]);
        Assert.Contains("produced by PackageNuGet", lineage.Out, StringComparison.Ordinal);
    }
}
