using System.Security.Cryptography;
using Pipeline.Testing;
using Pipeline.Training.Tests.Support;

namespace Pipeline.Training.Tests.Trainers;

[Collection(TransactionsCollection.Name)]
public sealed class BuiltInTrainerTests(TransactionsFixture fixture)
{
    [Fact]
    public void Train_SameDataSeedAndHyperparameters_SameModelDigest()
    {
        var config = fixture.Config("fraud-detector");
        var a = BuiltInTrainer.Train(fixture.Dataset(config), Path.Combine(fixture.NewFolder("a"), "model.onnx"));
        var b = BuiltInTrainer.Train(fixture.Dataset(config), Path.Combine(fixture.NewFolder("b"), "model.onnx"));
        Assert.Equal(a.Report.ModelDigest, b.Report.ModelDigest);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(a.OnnxPath))), a.Report.ModelDigest["sha256:".Length..]);

        var changed = config with { Source = config.Source with { Hyperparameters = new() { ["l2"] = "5.0", ["seed"] = "42" } } };
        var c = BuiltInTrainer.Train(fixture.Dataset(changed), Path.Combine(fixture.NewFolder("c"), "model.onnx"));
        Assert.NotEqual(a.Report.ModelDigest, c.Report.ModelDigest);
    }

    [Fact]
    public Task Train_DefaultModel_PinsPredictionsAndReport()
    {
        var config = fixture.Config("fraud-detector");
        var dataset = fixture.Dataset(config);
        var trained = BuiltInTrainer.Train(dataset, Path.Combine(fixture.NewFolder("snap"), "model.onnx"));
        Assert.True(trained.Report.Converged);
        var sample = dataset.HoldoutBatch().Slice(0, 25);
        var predictions = OrtScoring.Probabilities(trained.OnnxPath, config.Features, sample).Select(p => Math.Round(p, 6)).ToArray();
        return Snapshot.Verify(new
        {
            report = trained.Report with { DurationSeconds = 0, DataFile = "{DataFile}" },
            predictions,
        });
    }
}
