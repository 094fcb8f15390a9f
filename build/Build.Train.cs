using Pipeline.Build;
using Pipeline.Core.Models;
using Pipeline.Training;
using Pipeline.Training.Datasets;
using Pipeline.Training.External;

partial class Build
{
    Target Train => _ => _
        .Description("Train --model as its model.yaml says (built-in L2 logistic regression, or the external trainer command) into one ONNX graph")
        .DependsOn(ValidateData)
        .OnlyWhenDynamic(() => ModelTrainer.Trains(Config.Source.Kind))
        .Inputs(ctx => TrainInputs())
        .Executes(ctx =>
        {
            var config = Config;
            var dataset = ModelDataset.Load(Layout, config);
            Log.Information($"Train {config.Name}: {config.Source.Kind} ({(config.Source.Kind == "train" ? config.Source.Trainer : config.Source.Command)}), {dataset.Split.Description}");
            var work = Path.Combine(ctx.TemporaryDirectory, config.Name);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            var trained = ModelTrainer.Train(dataset, work, RootDirectory, ctx.CancellationToken);
            if (trained.Report.Output is { Length: > 0 } output)
                foreach (var line in output.TrimEnd().Split('\n').TakeLast(10)) Log.Information($"  trainer: {line}");

            var model = ctx.Write(Outputs.TrainedModel, ctx.Store.PutFile(trained.OnnxPath, Outputs.TrainedModel.MediaType));
            ctx.Write(Outputs.TrainingReport, trained.Report);
            ctx.Note(trained.Report.SourceKind == "train"
                ? $"{trained.Report.TrainingRows} rows, {trained.Report.Iterations} Newton iterations, model {model.Digest[..19]}"
                : $"{trained.Report.TrainingRows} rows, external exit {trained.Report.ExitCode}, model {model.Digest[..19]}");
        });

    /// <summary>Data file (generated first if missing, so its digest is stable), model.yaml (hyperparameters live there), and the trainer script files the command names.</summary>
    TargetInputs TrainInputs()
    {
        var config = Config;
        var dataFile = ModelDataset.EnsureFile(Layout, config);
        var inputs = TargetInputs.Files(dataFile, ModelFile).Parameter("model", Model).Parameter("source", config.Source.Kind);
        if (config.Source.Command is { } command)
        {
            foreach (var arg in CommandLine.Split(command).Skip(1))
            {
                var path = Layout.Resolve(arg);
                if (arg.Contains('{') || !File.Exists(path)) continue;
                // A trainer script's sibling modules (e.g. train.py importing export.py) are its code too: a change retrains.
                foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, "*" + Path.GetExtension(path))) inputs.File(file);
            }
        }
        return inputs;
    }
}
