using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;
using Pipeline.Dependency.Lineage;
using Pipeline.Dependency.Packing;
using Pipeline.Dependency.Tests.Support;

namespace Pipeline.Dependency.Tests.Packing;

/// <summary>
/// The model as a dependency, end to end: packages of a binary model (fraud-import: named inputs, categories, nullable numbers), a
/// multiclass model (digits, trained here) and a regression model (diabetes: one tensor input, trained by its external trainer) in a
/// local folder feed, one console app referencing all three, built with the real `dotnet build`, and its predictions for each model's
/// golden rows equal to what the real model server answers for the same rows.
/// </summary>
public sealed class ConsoleAppTests
{
    [Fact]
    public async Task PredictBatch_BinaryMulticlassRegressionPackagesInOneConsoleApp_MatchTheServerOnGoldenRows()
    {
        using var temp = new TempDirectory();
        var feed = Path.Combine(temp.Path, "feed");
        // A fresh id per run: the app's restore can never pick up a package of an earlier run from a cache.
        var prefix = $"PipelineTests.Run{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
        var models = new[] { GoldenModel.FraudImport(temp.Path), GoldenModel.Digits(temp.Path), GoldenModel.Diabetes(temp.Path) };
        var packages = models.Select((m, i) => ModelPackager.Write(new ModelPackageRequest
        {
            Source = m.Source(prefix, version: $"v{i + 2}") with { MetricsJson = """{"auc":0.9,"threshold":0.2}""" },
            VersionNumber = i + 2,
            ModelConfigFile = GoldenModel.Layout.ModelFile(m.Name),
            ContractFile = GoldenModel.Layout.ContractFile(m.Config.Data.Contract),
            Lineage = new PackageLineage
            {
                Commit = "0123456789abcdef", DataDigest = "sha256:" + new string('d', 64), RunId = "run-1",
                Gates = [new GateOutcome { Gate = "EvaluateGate", Outcome = "pass", Checks = 12, RunId = "run-1" }],
            },
            OutputDirectory = feed,
        })).ToList();

        Assert.Equal(["2.0.0", "3.0.0", "4.0.0"], packages.Select(p => p.Version));
        AssertPackageCarriesModelAndLineage(packages[0], models[0]);

        var app = new ConsoleApp(Path.Combine(temp.Path, "app"));
        var dll = app.Build(feed, [
            new ConsoleApp.Reference(packages[0].Id, packages[0].Version, "FraudImport", "binary"),
            new ConsoleApp.Reference(packages[1].Id, packages[1].Version, "Digits", "multiclass"),
            new ConsoleApp.Reference(packages[2].Id, packages[2].Version, "Diabetes", "regression"),
        ]);
        var rowFiles = models.Select(m =>
        {
            var file = Path.Combine(temp.Path, $"{m.Name}.rows.json");
            File.WriteAllText(file, m.RowsJson());
            return file;
        }).ToList();
        var answers = app.Predict(dll, rowFiles);

        for (var i = 0; i < models.Length; i++)
        {
            var model = models[i];
            var answer = answers[i];
            var server = await ServerAnswers.PredictAsync(model);
            Assert.Equal(model.Digest, answer.Digest);
            Assert.Equal($"v{i + 2}", answer.Version);
            Assert.Equal(GoldenModel.GoldenRows, answer.Values.Length);
            Assert.Equal(server.Length, answer.Values.Length);
            for (var r = 0; r < server.Length; r++)
            {
                Assert.Equal(server[r].Length, answer.Values[r].Length);
                for (var k = 0; k < server[r].Length; k++)
                    Assert.True(Close(server[r][k], answer.Values[r][k]), $"{model.Name} row {r} value {k}: server {server[r][k]}, package {answer.Values[r][k]}");
            }
            // One row alone and the same row in a batch of 32 may take different kernels: equal within the same tolerance.
            Assert.True(answer.Values[0].Zip(answer.Single).All(p => Close(p.First, p.Second)), $"{model.Name}: Predict(row 0) differs from PredictBatch's row 0");
        }

        // The typed results mean what the server's numbers say: the decision at the threshold, the most probable class by name.
        Assert.Equal(answers[0].Values.Select(v => v[0] >= 0.2f ? "positive" : "negative"), answers[0].Decisions);
        var classes = models[1].Config.Data.Classes;
        Assert.Equal(answers[1].Values.Select(v => classes[Array.IndexOf(v, v.Max())]), answers[1].Decisions);
        Assert.True(answers[1].Decisions.Distinct().Count() >= 5, "the golden digits rows should span several classes");
    }

    private static bool Close(float expected, float actual) => Math.Abs(expected - actual) <= 1e-5 + 1e-5 * Math.Abs(expected);

    private static void AssertPackageCarriesModelAndLineage(ModelPackageResult package, GoldenModel model)
    {
        using var zip = ZipFile.OpenRead(package.Path);
        var nuspec = XDocument.Load(zip.GetEntry($"{package.Id}.nuspec")!.Open());
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        var metadata = nuspec.Root!.Element(ns + "metadata")!;
        Assert.Equal(package.Id, metadata.Element(ns + "id")!.Value);
        Assert.Equal(package.Version, metadata.Element(ns + "version")!.Value);
        var description = metadata.Element(ns + "description")!.Value;
        foreach (var part in new[] { model.Digest, "0123456789abcdef", "sha256:" + new string('d', 64), "EvaluateGate pass (12 checks", model.Contract.Id })
            Assert.Contains(part, description, StringComparison.Ordinal);
        var dependency = metadata.Descendants(ns + "dependency").Single();
        Assert.Equal("Microsoft.ML.OnnxRuntime", dependency.Attribute("id")!.Value);
        Assert.Equal(PredictorCompiler.OnnxRuntimeVersion(), dependency.Attribute("version")!.Value);

        using var onnx = zip.GetEntry("model/model.onnx")!.Open();
        Assert.Equal(model.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(onnx)));
        Assert.NotNull(zip.GetEntry($"model/{model.Contract.Id}.yaml"));
        Assert.NotNull(zip.GetEntry("model/metadata.json"));
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{package.Id}.dll"));
    }
}
