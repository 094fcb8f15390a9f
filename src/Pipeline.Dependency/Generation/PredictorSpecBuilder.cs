using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Errors;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Dependency.Generation;

/// <summary>
/// Derives the predictor's spec from model.yaml's feature mapping, the data contract (property types) and the ONNX file's signature
/// (input element types and ranks), after checking the file against the mapping exactly as the model server does.
/// </summary>
public static class PredictorSpecBuilder
{
    public static PredictorSpec Build(PredictorSource source)
    {
        var config = source.Config;
        var mapping = config.Features;
        // The server's own check: a model the server could not score is not packaged either.
        try
        {
            using (ModelScorer.Open(source.OnnxFile, mapping)) { }
        }
        catch (ModelMappingException e)
        {
            throw new UserInputException($"PackageNuGet: {config.Name} {source.Version} does not fit the feature mapping of models/{config.Name}/model.yaml, so the server could not score it either: {e.Message}", e);
        }

        var errors = new List<string>();
        var columns = mapping.Numeric.Select(c => (Column: c, Categorical: false)).Concat(mapping.Categorical.Select(c => (Column: c, Categorical: true))).ToList();
        var prefix = PredictorNames.Pascal(config.Name);
        var properties = PredictorNames.Properties(columns.Select(c => c.Column), new HashSet<string>(StringComparer.Ordinal) { "EqualityContract" });
        var features = new List<PredictorFeature>();
        for (var i = 0; i < columns.Count; i++)
        {
            var (column, categorical) = columns[i];
            var contract = source.Contract.Columns.FirstOrDefault(c => c.Name == column);
            if (contract is null)
            {
                errors.Add($"feature column {column} (features.{(categorical ? "categorical" : "numeric")} of models/{config.Name}/model.yaml) is not a column of data contract {source.Contract.Id}; " +
                           "the row type is generated from the contract. Fix: add the column to the contract or remove it from features");
                continue;
            }
            var clr = ClrType(contract.Type, categorical);
            if (clr is null)
            {
                errors.Add($"feature column {column} is a {contract.Type.ToString().ToLowerInvariant()} column in {source.Contract.Id} and cannot be a numeric feature. Fix: list it under features.categorical");
                continue;
            }
            features.Add(new PredictorFeature
            {
                Column = column, Property = properties[i], ClrType = clr, Nullable = contract.Nullable, Categorical = categorical, Summary = Summarize(contract),
            });
        }
        if (errors.Count > 0) throw new UserInputException($"PackageNuGet: {config.Name} cannot be packaged:\n  " + string.Join("\n  ", errors));

        using var session = InferenceSession.Open(source.OnnxFile);
        var inputs = new List<PredictorInput>();
        if (mapping.Mode.Trim().Equals("tensor", StringComparison.OrdinalIgnoreCase))
        {
            var input = session.Inputs.Single(i => i.Name == mapping.TensorInput);
            inputs.Add(new PredictorInput { Name = input.Name, ElementType = ElementType(input), Rank = 2, Features = Enumerable.Range(0, features.Count).ToList() });
        }
        else
        {
            for (var i = 0; i < features.Count; i++)
            {
                var name = mapping.InputNames.GetValueOrDefault(features[i].Column, features[i].Column);
                var input = session.Inputs.Single(n => n.Name == name);
                inputs.Add(new PredictorInput { Name = name, ElementType = ElementType(input), Rank = input.Type.Shape is { Count: 1 } ? 1 : 2, Features = [i] });
            }
        }

        return new PredictorSpec
        {
            Model = config.Name,
            Version = source.Version,
            ModelDigest = source.ModelDigest,
            Namespace = $"{source.PackagePrefix}.{prefix}",
            TypePrefix = prefix,
            Contract = source.Contract.Id,
            Task = config.Task,
            ClassNames = config.Task == ModelTask.Multiclass ? config.Data.Classes : [],
            Threshold = Threshold(config, source.MetricsJson),
            Features = features,
            Inputs = inputs,
            OutputName = mapping.OutputName,
        };
    }

    /// <summary>The threshold EvaluateGate chose (registry metrics), else a fixed policy's value, else 0.5.</summary>
    private static double Threshold(ModelConfig config, string? metricsJson)
    {
        if (metricsJson is { Length: > 0 })
        {
            using var doc = JsonDocument.Parse(metricsJson);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var p in doc.RootElement.EnumerateObject())
                    if (p.Name.Equals("threshold", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Number)
                        return p.Value.GetDouble();
        }
        return config.Evaluation.ThresholdPolicy == "fixed" ? config.Evaluation.ThresholdValue : 0.5;
    }

    /// <summary>The row property's type: what the server accepts in JSON for the column, as a C# type.</summary>
    private static string? ClrType(ColumnType type, bool categorical) => (type, categorical) switch
    {
        (ColumnType.Float, false) => "float",
        (ColumnType.Int, false) => "int",
        (ColumnType.Bool, _) => "bool",
        (ColumnType.Int, true) => "long",
        (_, true) => "string",
        _ => null,
    };

    private static string ElementType(NodeInfo input) => input.Type.ElementType switch
    {
        TensorElementType.Float => "float",
        TensorElementType.Double => "double",
        TensorElementType.Int64 => "long",
        TensorElementType.Int32 => "int",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        var t => throw new UserInputException($"PackageNuGet: model input {input.Name} is {input.Type}; the predictor feeds float, double, int64, int32, bool or string tensors ({t} is not one)"),
    };

    private static string Summarize(ColumnContract c)
    {
        var parts = new List<string> { c.Type.ToString().ToLowerInvariant() };
        if (c.Min is not null || c.Max is not null)
            parts.Add($"range [{Format(c.Min)}, {Format(c.Max)}]");
        if (c.Allowed is { Count: > 0 } allowed) parts.Add($"one of {string.Join(", ", allowed)}");
        if (c.Nullable) parts.Add("null when missing");
        return $"{c.Name}: {string.Join("; ", parts)}.";
        static string Format(double? v) => v?.ToString("G", CultureInfo.InvariantCulture) ?? "…";
    }
}
