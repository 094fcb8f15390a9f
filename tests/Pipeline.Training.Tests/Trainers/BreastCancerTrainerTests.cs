using Pipeline.Core.Models;
using Pipeline.Onnx.Scoring;
using Pipeline.Training.Datasets;
using Pipeline.Training.Tests.Support;

namespace Pipeline.Training.Tests.Trainers;

[Collection(TransactionsCollection.Name)]
public sealed class BreastCancerTrainerTests(TransactionsFixture fixture)
{
    [RequiresTorchFact]
    public void Train_ExternalVariantOfImportExample_ReproducesTheImportedModel()
    {
        var imported = fixture.Config("breast-cancer");
        Assert.Equal("import", imported.Source.Kind);
        // The switch model.yaml's header comment describes: same data, split and mapping, trained by train.py.
        var config = imported with
        {
            Source = new SourceSection
            {
                Kind = "external",
                Command = "/usr/bin/python3 models/breast-cancer/train.py {train} {params} {output}",
                Hyperparameters = new() { ["hidden"] = "16", ["epochs"] = "300", ["learningRate"] = "0.01", ["weightDecay"] = "0.001", ["seed"] = "17" },
            },
        };
        var dataset = ModelDataset.Load(fixture.Layout, config);
        var trained = ModelTrainer.Train(dataset, fixture.NewFolder("breast-cancer"), fixture.Layout.RootDirectory);
        Assert.Equal(0, trained.Report.ExitCode);

        var holdout = dataset.HoldoutBatch();
        using var external = ModelScorer.Open(trained.OnnxPath, config.Features);
        using var reference = ModelScorer.Open(fixture.Layout.Resolve(imported.Source.Onnx!), imported.Features);
        var mine = external.Score(holdout);
        var theirs = reference.Score(holdout);
        Assert.Equal(147, holdout.Rows);
        // export.py trained model.onnx on the same training rows with the same seed and code, so the weights agree;
        // a different torch build may move the last bits. If this fails after a torch upgrade, re-run export.py.
        var worst = mine.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-4, $"train.py and models/breast-cancer/model.onnx differ by up to {worst} on the holdout");
    }
}
