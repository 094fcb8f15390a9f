using Pipeline.Core.Errors;
using Pipeline.Core.Layout;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Pipeline.Core.Models;

/// <summary>Reads and validates <c>models/&lt;model&gt;/model.yaml</c>, reporting every error with file, line and field.</summary>
public static class ModelConfigLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static ModelConfig Load(RepositoryLayout layout, string model)
    {
        if (!ModelName.IsValid(model))
            throw new ConfigException([new ConfigError("--model", null, "model", $"'{model}' is not a model name (lower-case letters, digits, '.', '_' and '-', starting with a letter or digit; no path)",
                "name a folder under models/, e.g. --model fraud-detector")]);
        var file = layout.ModelFile(model);
        if (!File.Exists(file))
        {
            var known = Directory.Exists(layout.ModelsDirectory)
                ? Directory.GetDirectories(layout.ModelsDirectory).Select(d => Path.GetFileName(d)!).Order().ToArray()
                : Array.Empty<string>();
            throw new ConfigException([new ConfigError(file, null, "model", $"model '{model}' has no model.yaml",
                $"use one of: {string.Join(", ", known)}; or create models/{model}/model.yaml")]);
        }
        return Parse(File.ReadAllText(file), file, model, layout);
    }

    public static ModelConfig Parse(string yaml, string file, string model, RepositoryLayout layout)
    {
        ModelConfig config;
        try
        {
            config = Deserializer.Deserialize<ModelConfig>(yaml) ?? new ModelConfig();
        }
        catch (YamlException e)
        {
            throw new ConfigException([YamlError(yaml, file, e)]);
        }
        config = config with { Name = config.Name is { Length: > 0 } ? config.Name : model, Directory = Path.GetDirectoryName(file)! };
        config = WithTaskInFeatures(config);
        var errors = Validate(config, file, layout);
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }

    /// <summary>Copies the task and the class count into the feature mapping, which decides how the scorer reads the model's output.</summary>
    public static ModelConfig WithTaskInFeatures(ModelConfig config) =>
        config with { Features = config.Features with { Task = config.Task, ClassCount = config.Task == ModelTask.Multiclass ? config.Data.Classes.Count : 0 } };

    /// <summary>Names the key and value on the failing line: "evaluation.minAuc: 'high' is not a number" rather than a parser message.</summary>
    private static ConfigError YamlError(string yaml, string file, YamlException e)
    {
        var line = (int)e.Start.Line;
        var text = yaml.Split('\n').ElementAtOrDefault(line - 1)?.Trim() ?? "";
        var colon = text.IndexOf(':');
        var key = colon > 0 ? text[..colon].Trim().TrimStart('-', ' ') : "yaml";
        var value = colon > 0 ? text[(colon + 1)..].Trim() : text;
        return e.InnerException switch
        {
            FormatException or OverflowException => new ConfigError(file, line, key, $"'{value}' is not a number of the expected type",
                $"write a number, e.g. {key}: 0.8 (see models/fraud-detector/model.yaml)"),
            _ when e.Message.Contains("not found on type", StringComparison.Ordinal) || e.Message.Contains("Property", StringComparison.Ordinal) =>
                new ConfigError(file, line, key, $"'{key}' is not a known field here ({(e.InnerException ?? e).Message.Split('\n')[0]})",
                    "check the spelling against models/fraud-detector/model.yaml and the README's Configuration section"),
            _ => new ConfigError(file, line, key, (e.InnerException ?? e).Message.Split('\n')[0],
                "check the spelling and indentation against models/fraud-detector/model.yaml"),
        };
    }

    private static List<ConfigError> Validate(ModelConfig c, string file, RepositoryLayout layout)
    {
        var errors = new List<ConfigError>();
        void Add(string field, string problem, string fix) => errors.Add(new ConfigError(file, null, field, problem, fix));

        if (c.Data.Contract.Length == 0) Add("data.contract", "is missing", "name a contract such as transactions.v1 (a file under data-contracts/)");
        else if (!File.Exists(layout.ContractFile(c.Data.Contract)))
            Add("data.contract", $"'{c.Data.Contract}' has no file {layout.ContractFile(c.Data.Contract)}", "create the contract or fix the name");
        if (c.Data.Path.Length == 0) Add("data.path", "is missing", "give the dataset path relative to the repository root");
        if (c.Data.Label.Length == 0) Add("data.label", "is missing", "name the label column (0/1 for binary, 0..K-1 for multiclass, a number for regression)");
        if (!ModelTasks.TryParse(c.TaskName, out var task))
            Add("task", $"'{c.TaskName}' is not a task", "use binary (default), multiclass or regression");
        else if (task == ModelTask.Multiclass && c.Data.Classes.Count < 3)
            Add("data.classes", $"a multiclass model needs at least 3 class names in label order (has {c.Data.Classes.Count})",
                "list them, e.g. classes: [setosa, versicolor, virginica]; with two classes use task: binary");
        else if (task != ModelTask.Multiclass && c.Data.Classes.Count > 0)
            Add("data.classes", $"is only for task: multiclass (this model is {c.TaskName})", "remove data.classes or set task: multiclass");
        if (c.Split.Method is not ("hash" or "time")) Add("split.method", $"'{c.Split.Method}' is not a split method", "use hash or time");
        if (c.Split.HoldoutFraction is <= 0 or >= 1) Add("split.holdoutFraction", $"{c.Split.HoldoutFraction} is outside (0, 1)", "use e.g. 0.2");
        switch (c.Source.Kind)
        {
            case "train": break;
            case "external" when string.IsNullOrWhiteSpace(c.Source.Command):
                Add("source.command", "is missing for kind external", "give the trainer command with {train} {params} {output} placeholders"); break;
            case "import" when string.IsNullOrWhiteSpace(c.Source.Onnx):
                Add("source.onnx", "is missing for kind import", "give the ONNX file path"); break;
            case "external" or "import": break;
            default: Add("source.kind", $"'{c.Source.Kind}' is not a source kind", "use train, external or import"); break;
        }
        if (c.Features.Mode is not ("named" or "tensor")) Add("features.mode", $"'{c.Features.Mode}' is not a mapping mode", "use named or tensor");
        if (!c.Features.AllColumns.Any()) Add("features", "no numeric or categorical feature columns", "list the contract columns the model reads");
        if (c.Evaluation.ThresholdPolicy is not ("fixed" or "max-f1" or "target-fpr"))
            Add("evaluation.thresholdPolicy", $"'{c.Evaluation.ThresholdPolicy}' is not a policy", "use fixed, max-f1 or target-fpr");
        if (c.Rollout.Steps.Count == 0 || c.Rollout.Steps[^1] != 100 || c.Rollout.Steps.Any(s => s is <= 0 or > 100))
            Add("rollout.steps", $"[{string.Join(", ", c.Rollout.Steps)}] must be increasing percentages in (0, 100] ending at 100", "use e.g. [5, 25, 50, 100]");
        if (c.Rollout.Strategy is not ("canary" or "blue-green" or "shadow-then-canary"))
            Add("rollout.strategy", $"'{c.Rollout.Strategy}' is not a strategy", "use canary, blue-green or shadow-then-canary");
        if (c.Monitoring.OnBreach is not ("alert" or "retrain"))
            Add("monitoring.onBreach", $"'{c.Monitoring.OnBreach}' is not a breach action", "use alert or retrain");
        if (c.Monitoring.SampleRate is < 0 or > 1) Add("monitoring.sampleRate", $"{c.Monitoring.SampleRate} is outside [0, 1]", "use e.g. 1.0 (every row) or 0.1");
        if (!(c.Monitoring.RotateMegabytes > 0) || c.Monitoring.MaxFiles < 1)
            Add("monitoring.rotateMegabytes", "the prediction log needs rotateMegabytes > 0 and maxFiles >= 1", "use e.g. rotateMegabytes: 16, maxFiles: 8");
        if (c.Monitoring.MaxAucDrop is < 0 or >= 1 || c.Monitoring.MaxAccuracyDrop is < 0 or >= 1 || c.Monitoring.MaxRmseIncrease < 0 || double.IsNaN(c.Monitoring.MaxRmseIncrease))
            Add("monitoring.maxAucDrop/maxAccuracyDrop/maxRmseIncrease", "the live-quality limits must be a drop in [0, 1) and an increase >= 0",
                "use e.g. maxAucDrop: 0.05, maxAccuracyDrop: 0.05, maxRmseIncrease: 0.25");
        if (c.Monitoring.Webhook is { } hook && (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || hook.Format is not ("generic" or "slack")))
            Add("monitoring.webhook", $"url '{hook.Url}' with format '{hook.Format}' is not a webhook", "give an http(s) url and format generic or slack");
        if (c.Rollout.OnInconclusive is not ("hold" or "rollback" or "promote"))
            Add("rollout.onInconclusive", $"'{c.Rollout.OnInconclusive}' is not an inconclusive policy", "use hold, rollback or promote");
        if (!(c.Rollout.MaxRolloutMinutes > 0))
            Add("rollout.maxRolloutMinutes", $"{c.Rollout.MaxRolloutMinutes} must be > 0", "give the whole rollout's time budget in minutes, e.g. 30");
        return errors;
    }
}
