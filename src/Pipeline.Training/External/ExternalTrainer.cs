using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Models;
using Pipeline.Training.Datasets;

namespace Pipeline.Training.External;

/// <summary>
/// Runs <c>source.command</c> (<c>source.kind: external</c>): writes the training rows to <c>{train}</c> (CSV: feature columns and
/// label, empty = missing; the holdout is never given to the trainer) and the label, feature mapping and hyperparameters to <c>{params}</c> (JSON),
/// runs the command from the repository root, captures exit code and output, and requires an ONNX file at <c>{output}</c>.
/// </summary>
public static class ExternalTrainer
{
    /// <summary>Characters of combined stdout/stderr kept in the report.</summary>
    public const int OutputTail = 4000;

    public static TrainedModel Train(ModelDataset dataset, string workDirectory, string repositoryRoot, string outputPath,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var config = dataset.Config;
        var command = config.Source.Command ?? throw new ArgumentException($"model {config.Name}: source.command is missing for kind external");
        Directory.CreateDirectory(workDirectory);
        var trainFile = Path.Combine(workDirectory, "train.csv");
        var paramsFile = Path.Combine(workDirectory, "params.json");
        WriteTrainingRows(dataset, trainFile);
        WriteParams(dataset, paramsFile);
        if (File.Exists(outputPath)) File.Delete(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);

        var args = CommandLine.Fill(CommandLine.Split(command),
            new Dictionary<string, string> { ["train"] = trainFile, ["params"] = paramsFile, ["output"] = Path.GetFullPath(outputPath) });
        var stopwatch = Stopwatch.StartNew();
        var (exitCode, output) = Run(args, repositoryRoot, timeout ?? TimeSpan.FromMinutes(30), cancellationToken);
        var tail = output.Length > OutputTail ? "…" + output[^OutputTail..] : output;
        if (exitCode != 0)
            throw new ExternalTrainerException(
                $"external trainer of model {config.Name} exited with code {exitCode}: {string.Join(' ', args)}{Environment.NewLine}{tail}{Environment.NewLine}" +
                "Fix the trainer (run the command above by hand from the repository root) or source.command in model.yaml.", exitCode, tail);
        if (!File.Exists(outputPath) || new FileInfo(outputPath).Length == 0)
            throw new ExternalTrainerException(
                $"external trainer of model {config.Name} exited 0 but wrote no model at {{output}} ({outputPath}); it must write an ONNX file there", exitCode, tail);
        var bytes = File.ReadAllBytes(outputPath);
        var labels = dataset.TrainLabels();
        return new TrainedModel(outputPath, new TrainingReport
        {
            Model = config.Name,
            SourceKind = "external",
            Trainer = command,
            Hyperparameters = config.Source.Hyperparameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray(),
            DataFile = config.Data.Path,
            DataDigest = dataset.DataDigest,
            Split = dataset.Split.Description,
            TrainingRows = labels.Length,
            TrainingPositives = config.Task == Core.Models.ModelTask.Regression ? 0 : labels.Count(l => l > 0.5f),
            ModelDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ExitCode = exitCode,
            Output = tail,
            DurationSeconds = stopwatch.Elapsed.TotalSeconds,
        });
    }

    private static (int ExitCode, string Output) Run(IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(args[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args.Skip(1)) start.ArgumentList.Add(a);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ExternalTrainerException($"external trainer command '{args[0]}' could not be started: {e.Message}. Install it (see .ci/install) or fix source.command.", null, "");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(timeoutSource.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            if (cancellationToken.IsCancellationRequested) throw;
            throw new ExternalTrainerException($"external trainer '{string.Join(' ', args)}' did not finish within {timeout.TotalSeconds:0} s and was stopped", null, output.ToString());
        }
        process.WaitForExit(); // flush the async readers
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static void WriteTrainingRows(ModelDataset dataset, string path)
    {
        var config = dataset.Config;
        var batch = dataset.TrainBatch();
        var labels = dataset.TrainLabels();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', config.Features.Numeric.Concat(config.Features.Categorical).Append(config.Data.Label).Select(Quote)));
        var numeric = config.Features.Numeric.Select(c => batch.Numeric[c]).ToArray();
        var categorical = config.Features.Categorical.Select(c => batch.Categorical[c]).ToArray();
        var line = new StringBuilder();
        for (var r = 0; r < batch.Rows; r++)
        {
            line.Clear();
            foreach (var column in numeric)
            {
                if (!float.IsNaN(column[r])) line.Append(column[r].ToString("R", CultureInfo.InvariantCulture));
                line.Append(',');
            }
            foreach (var column in categorical)
            {
                if (column[r] is { } s) line.Append(Quote(s));
                line.Append(',');
            }
            // Binary 0/1 as before; a class index or a regression value as the number it is.
            if (config.Task == Core.Models.ModelTask.Binary) line.Append(labels[r] > 0.5f ? '1' : '0');
            else line.Append(labels[r].ToString("R", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }

    private static void WriteParams(ModelDataset dataset, string path)
    {
        var c = dataset.Config;
        var document = new
        {
            name = c.Name,
            label = c.Data.Label,
            task = c.Task.Name(),
            classes = c.Data.Classes,
            dataDigest = dataset.DataDigest,
            split = dataset.Split.Description,
            // mode, tensorInput and probabilityOutput let a trainer write the signature the mapping expects (tensor mode: one [N,F] input).
            features = new
            {
                mode = c.Features.Mode,
                numeric = c.Features.Numeric,
                categorical = c.Features.Categorical,
                inputNames = c.Features.InputNames,
                tensorInput = c.Features.TensorInput,
                probabilityOutput = c.Features.ProbabilityOutput,
                valueOutput = c.Features.ValueOutput,
            },
            hyperparameters = new SortedDictionary<string, string>(c.Source.Hyperparameters, StringComparer.Ordinal),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
