using System.Diagnostics;
using Pipeline.Core.Models;
using System.Security.Cryptography;
using Pipeline.Training.Datasets;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Training;

/// <summary>The built-in trainer (<c>source.kind: train</c>, <c>trainer: logistic-regression</c>): fit on the training rows, write one ONNX graph.</summary>
public static class BuiltInTrainer
{
    public static TrainedModel Train(ModelDataset dataset, string outputPath, CancellationToken cancellationToken = default)
    {
        var config = dataset.Config;
        var expected = TrainerFor(config.Task);
        if (config.Source.Trainer != expected)
            throw new ArgumentException($"model {config.Name}: source.trainer '{config.Source.Trainer}' is not the built-in trainer for task {config.Task.Name()}; use {expected} (binary: logistic-regression, multiclass: multinomial-logistic-regression, regression: ridge-regression), or kind external with a command");
        if (config.Task != Core.Models.ModelTask.Binary) return TrainLinear(dataset, outputPath, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var options = LogisticRegressionOptions.Parse(config.Source.Hyperparameters);
        var batch = dataset.TrainBatch();
        var labels = dataset.TrainLabels();
        var model = Fit(config.Name, batch, labels, config.Features.Numeric, config.Features.Categorical, options, cancellationToken) with
        {
            DataDigest = dataset.DataDigest,
            InputNames = config.Features.InputNames,
        };
        var bytes = LogisticOnnxExporter.ToBytes(model);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.WriteAllBytes(outputPath, bytes);
        var names = model.Plan.FeatureNames.ToArray();
        return new TrainedModel(outputPath, new TrainingReport
        {
            Model = config.Name,
            SourceKind = "train",
            Trainer = "logistic-regression",
            Hyperparameters = options.ToCanonical(),
            DataFile = config.Data.Path,
            DataDigest = dataset.DataDigest,
            Split = dataset.Split.Description,
            TrainingRows = labels.Length,
            TrainingPositives = labels.Count(l => l > 0.5f),
            ModelDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Features = names,
            Coefficients = names.Select((n, i) => new KeyValuePair<string, double>(n, Math.Round(model.Fit.Weights[i], 6)))
                .Append(new KeyValuePair<string, double>("(intercept)", Math.Round(model.Fit.Intercept, 6))).ToArray(),
            Iterations = model.Fit.Iterations,
            Converged = model.Fit.Converged,
            TrainingLogLoss = Math.Round(model.Fit.TrainingLogLoss, 6),
            DurationSeconds = stopwatch.Elapsed.TotalSeconds,
        });
    }

    /// <summary>The built-in trainer's name for a task.</summary>
    public static string TrainerFor(Core.Models.ModelTask task) => task switch
    {
        Core.Models.ModelTask.Multiclass => "multinomial-logistic-regression",
        Core.Models.ModelTask.Regression => "ridge-regression",
        _ => "logistic-regression",
    };

    private static TrainedModel TrainLinear(ModelDataset dataset, string outputPath, CancellationToken cancellationToken)
    {
        var config = dataset.Config;
        var stopwatch = Stopwatch.StartNew();
        var options = LogisticRegressionOptions.Parse(config.Source.Hyperparameters);
        var batch = dataset.TrainBatch();
        var labels = dataset.TrainLabels();
        var model = FitLinear(config.Name, config.Task, batch, labels, config.Features, options, cancellationToken) with
        {
            DataDigest = dataset.DataDigest,
        };
        var bytes = LinearOnnxExporter.ToBytes(model);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.WriteAllBytes(outputPath, bytes);
        var names = model.Plan.FeatureNames.ToArray();
        var heads = model.Fit.Weights.Length;
        return new TrainedModel(outputPath, new TrainingReport
        {
            Model = config.Name,
            SourceKind = "train",
            Trainer = model.Trainer,
            Hyperparameters = options.ToCanonical(),
            DataFile = config.Data.Path,
            DataDigest = dataset.DataDigest,
            Split = dataset.Split.Description,
            TrainingRows = labels.Length,
            TrainingPositives = config.Task == Core.Models.ModelTask.Multiclass ? labels.Count(l => l > 0.5f) : 0,
            ModelDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Features = names,
            Coefficients = Enumerable.Range(0, heads).SelectMany(c => names.Select((n, i) => new KeyValuePair<string, double>(
                    heads == 1 ? n : $"{config.Data.Classes[c]}:{n}", Math.Round(model.Fit.Weights[c][i], 6)))
                .Append(new KeyValuePair<string, double>(heads == 1 ? "(intercept)" : $"{config.Data.Classes[c]}:(intercept)", Math.Round(model.Fit.Intercepts[c], 6)))).ToArray(),
            Iterations = model.Fit.Iterations,
            Converged = model.Fit.Converged,
            TrainingLogLoss = config.Task == Core.Models.ModelTask.Multiclass ? Math.Round(model.Fit.TrainingLoss, 6) : null,
            DurationSeconds = stopwatch.Elapsed.TotalSeconds,
        });
    }

    /// <summary>Fits preprocessing and a ridge (regression) or multinomial (multiclass) head on a batch, no files.</summary>
    public static LinearModel FitLinear(string name, Core.Models.ModelTask task, Core.Features.FeatureBatch batch, float[] labels, Core.Models.FeatureMapping mapping,
        LogisticRegressionOptions options, CancellationToken cancellationToken = default)
    {
        var plan = PreprocessingFitter.Fit(batch, mapping.Numeric, mapping.Categorical, options.MinCategoryCount, options.MissingIndicators);
        var x = DesignMatrix.Build(plan, batch);
        var fit = task == Core.Models.ModelTask.Regression
            ? Linear.RidgeSolver.Fit(x, labels, options.L2)
            : Linear.SoftmaxSolver.Fit(x, labels, mapping.ClassCount, options, cancellationToken);
        return new LinearModel
        {
            Name = name, Task = task, Trainer = TrainerFor(task), Plan = plan, Fit = fit, Options = options,
            OutputName = mapping.OutputName, InputNames = mapping.InputNames,
        };
    }

    /// <summary>Fits preprocessing and coefficients on a batch (no files): the core of <see cref="Train"/>, also used by benchmarks and tests.</summary>
    public static LogisticModel Fit(string name, Core.Features.FeatureBatch batch, float[] labels, IReadOnlyList<string> numeric,
        IReadOnlyList<string> categorical, LogisticRegressionOptions options, CancellationToken cancellationToken = default)
    {
        var plan = PreprocessingFitter.Fit(batch, numeric, categorical, options.MinCategoryCount, options.MissingIndicators);
        var fit = NewtonSolver.Fit(DesignMatrix.Build(plan, batch), labels, options, cancellationToken);
        return new LogisticModel { Name = name, Plan = plan, Fit = fit, Options = options };
    }
}
