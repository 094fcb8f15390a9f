using Pipeline.Core.Models;
using Pipeline.Testing;
using Pipeline.Training.External;
using Pipeline.Training.Tests.Support;

namespace Pipeline.Training.Tests.Trainers;

[Collection(TransactionsCollection.Name)]
public sealed class ExternalTrainerTests(TransactionsFixture fixture)
{
    [RequiresXgboostFact]
    public Task Train_XgboostExample_WritesConventionalOnnx_PinsPredictionsAndReport()
    {
        var config = fixture.Config("fraud-xgboost");
        var dataset = fixture.Dataset(config);
        var work = fixture.NewFolder("xgb");
        var trained = ModelTrainer.Train(dataset, work, fixture.Layout.RootDirectory);
        Assert.Equal(0, trained.Report.ExitCode);
        Assert.Contains("xgboost", trained.Report.Output);

        var again = ModelTrainer.Train(dataset, fixture.NewFolder("xgb2"), fixture.Layout.RootDirectory);
        Assert.Equal(trained.Report.ModelDigest, again.Report.ModelDigest);

        var sample = dataset.HoldoutBatch().Slice(0, 25);
        var predictions = OrtScoring.Probabilities(trained.OnnxPath, config.Features, sample).Select(p => Math.Round(p, 6)).ToArray();
        Assert.All(predictions, p => Assert.InRange(p, 0, 1));
        return Snapshot.Verify(new
        {
            report = trained.Report with { DurationSeconds = 0, DataFile = "{DataFile}", Output = null },
            predictions,
        });
    }

    [Fact]
    public void Train_CommandFails_ReportsExitCodeAndOutput()
    {
        var config = WithCommand("/bin/sh -c \"echo broken trainer >&2; exit 3\"");
        var e = Assert.Throws<ExternalTrainerException>(() =>
            ModelTrainer.Train(fixture.Dataset(config), fixture.NewFolder("fail"), fixture.Layout.RootDirectory));
        Assert.Equal(3, e.ExitCode);
        Assert.Contains("broken trainer", e.Output);
        Assert.Contains("exited with code 3", e.Message);
    }

    [Fact]
    public void Train_CommandWritesNothing_SaysOutputIsMissing()
    {
        var e = Assert.Throws<ExternalTrainerException>(() =>
            ModelTrainer.Train(fixture.Dataset(WithCommand("/bin/true {train} {params} {output}")), fixture.NewFolder("none"), fixture.Layout.RootDirectory));
        Assert.Contains("wrote no model", e.Message);
    }

    [Fact]
    public void Train_PassesTrainingRowsAndParams_NotTheHoldout()
    {
        var work = fixture.NewFolder("args");
        var script = Path.Combine(work, "fake-trainer.sh");
        File.WriteAllText(script, "wc -l < \"$1\" > \"$3\"\ncp \"$2\" \"$3.params\"\n");
        var config = WithCommand($"/bin/sh '{script}' {{train}} {{params}} {{output}}");
        var dataset = fixture.Dataset(config);
        ModelTrainer.Train(dataset, work, fixture.Layout.RootDirectory);
        var lines = int.Parse(File.ReadAllText(Path.Combine(work, "model.onnx")).Trim());
        Assert.Equal(dataset.Split.Train.Length + 1, lines); // header + training rows only
        Assert.Contains("\"label\": \"is_fraud\"", File.ReadAllText(Path.Combine(work, "model.onnx.params")));
    }

    [Fact]
    public void CommandLine_SplitsQuotesAndFillsPlaceholdersPerArgument()
    {
        var args = CommandLine.Fill(CommandLine.Split("python3 'my trainer.py' --in={train} {output}"),
            new Dictionary<string, string> { ["train"] = "/d ir/t.csv", ["output"] = "/o.onnx" });
        Assert.Equal(["python3", "my trainer.py", "--in=/d ir/t.csv", "/o.onnx"], args);
    }

    private ModelConfig WithCommand(string command)
    {
        var config = fixture.Config("fraud-xgboost");
        return config with { Source = config.Source with { Command = command } };
    }
}
