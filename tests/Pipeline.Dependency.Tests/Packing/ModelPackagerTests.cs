using Pipeline.Core.Errors;
using Pipeline.Dependency.Lineage;
using Pipeline.Dependency.Packing;
using Pipeline.Dependency.Tests.Support;

namespace Pipeline.Dependency.Tests.Packing;

public sealed class ModelPackagerTests
{
    [Fact]
    public void Write_SameModelTwice_SamePackageBytes()
    {
        using var temp = new TempDirectory();
        var model = GoldenModel.FraudImport(temp.Path);

        var first = ModelPackager.Write(Request(model, Path.Combine(temp.Path, "a")));
        var second = ModelPackager.Write(Request(model, Path.Combine(temp.Path, "b")));

        Assert.Equal("Pipeline.Models.FraudImport", first.Id);
        Assert.Equal("7.0.0", first.Version);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Contains("public sealed record FraudImportRow", first.Source, StringComparison.Ordinal);
        Assert.Contains("public int? CustomerAge { get; init; }", first.Source, StringComparison.Ordinal);
        Assert.Contains("public bool CardPresent { get; init; }", first.Source, StringComparison.Ordinal);
        Assert.Contains("[JsonPropertyName(\"amount_sum_24h\")]", first.Source, StringComparison.Ordinal);
        Assert.Contains("public readonly record struct FraudImportPrediction(float Probability, bool IsPositive)", first.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FeatureNotInContract_NamesColumnContractAndFix()
    {
        using var temp = new TempDirectory();
        var model = GoldenModel.FraudImport(temp.Path);
        var contract = model.Contract with { Columns = model.Contract.Columns.Where(c => c.Name != "hour").ToList() };
        var request = Request(model, temp.Path) with { Source = model.Source("Pipeline.Models", "v7") with { Contract = contract } };

        var error = Assert.Throws<UserInputException>(() => ModelPackager.Write(request));

        Assert.Contains("feature column hour", error.Message, StringComparison.Ordinal);
        Assert.Contains("transactions.v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.nupkg"));
    }

    [Theory]
    [InlineData("v3", 3, "3.0.0")]
    [InlineData("2.1.0", 5, "2.1.0")]
    [InlineData("2026.12.6-rc1", 5, "2026.12.6-rc1")]
    [InlineData("champion", 5, "5.0.0")]
    public void From_RegistryVersion_NuGetVersion(string label, long number, string expected) => Assert.Equal(expected, PackageVersions.From(label, number));

    private static ModelPackageRequest Request(GoldenModel model, string output) => new()
    {
        Source = model.Source("Pipeline.Models", "v7"),
        VersionNumber = 7,
        ModelConfigFile = GoldenModel.Layout.ModelFile(model.Name),
        ContractFile = GoldenModel.Layout.ContractFile(model.Config.Data.Contract),
        Lineage = new PackageLineage { Commit = "abc" },
        OutputDirectory = output,
    };
}
