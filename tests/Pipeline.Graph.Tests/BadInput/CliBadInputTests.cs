using System.Security.Cryptography;
using Pipeline.Build;
using Pipeline.Graph.Tests.Support;

namespace Pipeline.Graph.Tests.BadInput;

/// <summary>A careless user's commands: each gets a clear error naming the thing, the rule and the fix, a non-zero exit, and loses nothing.</summary>
public sealed class CliBadInputTests
{
    [Fact]
    public void GenerateData_ModelWithItsOwnDataset_RefusedAndDatasetUntouched()
    {
        using var repo = new GraphRepository("breast-cancer");
        var data = Path.Combine(repo.Root, "data", "breast-cancer", "breast_cancer.csv");
        var before = Digest(data);

        var run = repo.Run("GenerateData", "--model", "breast-cancer", "--rows", "-5");

        AssertUserError(run, "no data.generate section");
        Assert.Equal(before, Digest(data));
    }

    [Fact]
    public void GenerateData_NonPositiveRows_RefusedAndNothingWritten()
    {
        using var repo = new GraphRepository("fraud-detector");

        var run = repo.Run("GenerateData", "--model", "fraud-detector", "--rows", "-5");

        AssertUserError(run, "--rows -5 must be a positive number of rows");
        Assert.False(File.Exists(Path.Combine(repo.Root, "data", "generated", "transactions.csv")));
    }

    [Fact]
    public void GenerateData_FileItDidNotWrite_RefusedAndFileUntouched()
    {
        using var repo = new GraphRepository("fraud-detector");
        var data = Path.Combine(repo.Root, "data", "generated", "transactions.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(data)!);
        File.WriteAllText(data, "a user's own rows\n");

        var run = repo.Run("GenerateData", "--model", "fraud-detector", "--rows", "100");

        AssertUserError(run, "was not written by the generator");
        Assert.Equal("a user's own rows\n", File.ReadAllText(data));
    }

    [Fact]
    public void GenerateData_TwiceOnItsOwnFile_Regenerates()
    {
        using var repo = new GraphRepository("fraud-detector");

        Assert.Equal(0, repo.Run("GenerateData", "--model", "fraud-detector", "--rows", "1000").ExitCode);
        var second = repo.Run("GenerateData", "--model", "fraud-detector", "--rows", "2000");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2001, File.ReadLines(Path.Combine(repo.Root, "data", "generated", "transactions.csv")).Count());
    }

    [Fact]
    public void ValidateData_NumberFieldHoldsWord_NamesKeyLineAndFix()
    {
        using var repo = new GraphRepository("breast-cancer");
        repo.Edit("breast-cancer", "minAuc: 0.95", "minAuc: high");

        var run = repo.Run("ValidateData", "--model", "breast-cancer");

        AssertUserError(run, "minAuc: 'high' is not a number");
        Assert.Matches(@"model\.yaml:\d+ minAuc", run.Error);
    }

    [Fact]
    public void AnyTarget_ModelNameIsAPath_Refused()
    {
        using var repo = new GraphRepository("fraud-detector");

        var run = repo.Run("ValidateData", "--model", "../../etc");

        AssertUserError(run, "not a model name");
    }

    [Fact]
    public void BenchmarkGate_AnotherReleaseOfTheModelRuns_RefusedNamingIt()
    {
        using var repo = new GraphRepository("breast-cancer");
        using var other = RunLock.Acquire(Path.Combine(repo.Root, ".artifacts", "locks"), "breast-cancer", "run X, pid 1, DeployCanary", "test");

        var run = repo.Run("BenchmarkGate", "--model", "breast-cancer");

        AssertUserError(run, "is already running on this machine (run X, pid 1, DeployCanary)");
    }

    [Fact]
    public void Models_PasswordInRegistryConnection_NeverWrittenOrPrinted()
    {
        using var repo = new GraphRepository("fraud-detector");
        const string password = "hunter2-Secret";

        var run = repo.Run("Models", "--registry", $"Data Source={Path.Combine(repo.Root, "r.db")};Password={password}");

        Assert.DoesNotContain(password, run.Out + run.Error, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(repo.Root, ".artifacts"), "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(password, File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Contains("***", run.Manifest.Parameters["registry"]);
    }

    [Fact]
    public void ValidateData_RowBreaksARule_ConsoleNamesTheRowAndTheValue()
    {
        using var repo = new GraphRepository("breast-cancer");
        var data = Path.Combine(repo.Root, "data", "breast-cancer", "breast_cancer.csv");
        var lines = File.ReadAllLines(data);
        var fields = lines[5].Split(',');
        fields[1] = "-3.25";
        lines[5] = string.Join(',', fields);
        File.WriteAllLines(data, lines);

        var run = repo.Run("ValidateData", "--model", "breast-cancer");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("↳", run.Out, StringComparison.Ordinal);
        Assert.Contains("-3.25", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"row\s+(5|6)\b", run.Out);
    }

    [Fact]
    public void Import_TruncatedOnnx_ConsoleSaysWhyNotOnlyThatLoadFailed()
    {
        using var repo = new GraphRepository("breast-cancer");
        var onnx = Path.Combine(repo.Root, "models", "breast-cancer", "model.onnx");
        var bytes = File.ReadAllBytes(onnx);
        File.WriteAllBytes(onnx, bytes[..(bytes.Length / 2)]);

        var run = repo.Run("Import", "--model", "breast-cancer");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Protobuf parsing failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("Re-export the model", run.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Root, ".artifacts", "blobs", "sha256", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnx))))),
            "a model that failed Import must not enter the store");
    }

    [Fact]
    public void PackageNuGet_NoProductionVersion_NamesModelAndFix()
    {
        using var repo = new GraphRepository("fraud-import");

        var run = repo.Run("PackageNuGet", "--model", "fraud-import");

        AssertUserError(run, "fraud-import has no production version");
        Assert.False(Directory.Exists(Path.Combine(repo.Root, ".artifacts", "nuget")));
    }

    [Fact]
    public void PackageNuGet_ContractMissing_NamesFileAndFix()
    {
        using var repo = new GraphRepository("fraud-import");
        File.Delete(Path.Combine(repo.Root, "data-contracts", "transactions.v1.yaml"));

        var run = repo.Run("PackageNuGet", "--model", "fraud-import");

        AssertUserError(run, "transactions.v1.yaml");
        Assert.Contains("data.contract: 'transactions.v1' has no file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageNuGet_UnknownModel_NamesModelAndFix()
    {
        using var repo = new GraphRepository("fraud-import");

        var run = repo.Run("PackageNuGet", "--model", "fraud-detectr");

        AssertUserError(run, "model 'fraud-detectr' has no model.yaml");
    }

    private static void AssertUserError(GraphRun run, string expected)
    {
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Contains("Fix", run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    private static string Digest(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
}
