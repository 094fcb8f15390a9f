using System.Diagnostics;
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
        if (config.Source.Trainer != "logistic-regression")
            throw new ArgumentException($"model {config.Name}: source.trainer '{config.Source.Trainer}' is not a built-in trainer; use logistic-regression, or kind external with a command");
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

    /// <summary>Fits preprocessing and coefficients on a batch (no files): the core of <see cref="Train"/>, also used by benchmarks and tests.</summary>
    public static LogisticModel Fit(string name, Core.Features.FeatureBatch batch, float[] labels, IReadOnlyList<string> numeric,
        IReadOnlyList<string> categorical, LogisticRegressionOptions options, CancellationToken cancellationToken = default)
    {
        var plan = PreprocessingFitter.Fit(batch, numeric, categorical, options.MinCategoryCount, options.MissingIndicators);
        var fit = NewtonSolver.Fit(DesignMatrix.Build(plan, batch), labels, options, cancellationToken);
        return new LogisticModel { Name = name, Plan = plan, Fit = fit, Options = options };
    }
}
