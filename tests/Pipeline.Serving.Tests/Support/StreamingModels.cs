using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Training;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;

namespace Pipeline.Serving.Tests.Support;

/// <summary>Models of two tasks for the streaming tests: the binary fraud model (<see cref="TestModels"/>) and a three-class model
/// fitted here by the built-in multinomial trainer (two numbers and a colour; classes low, mid and high), with their model.yaml and rows.</summary>
public static class StreamingModels
{
    public sealed record Kind(string Name, Func<string, string> WriteModel, Func<string, string> WriteConfig, Func<int, int, FeatureBatch> Rows);

    public static readonly Kind Fraud = new("fraud-detector", d => TestModels.WriteModel(d), d => TestModels.WriteConfig(d), (n, seed) => TestModels.Rows(n, seed));

    public static readonly Kind Multiclass = new("colour-class", WriteMulticlassModel, WriteMulticlassConfig, MulticlassRows);

    public static Kind Named(string name) => name == Fraud.Name ? Fraud : name == Multiclass.Name ? Multiclass : throw new ArgumentException(name);

    private static readonly FeatureMapping Mapping = new()
    {
        Mode = "named", Numeric = ["x1", "x2"], Categorical = ["colour"], Task = ModelTask.Multiclass, ClassCount = 3, ProbabilityOutput = "probability",
    };

    private static FeatureBatch MulticlassRows(int rows, int seed)
    {
        var random = new Random(seed);
        var x1 = new float[rows];
        var x2 = new float[rows];
        var colour = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            x1[i] = (float)Math.Round(random.NextDouble() * 4 - 2, 3);
            x2[i] = i % 17 == 0 ? float.NaN : (float)Math.Round(random.NextDouble() * 4 - 2, 3);
            colour[i] = random.Next(3) switch { 0 => "red", 1 => "blue", _ => "green" };
        }
        return new FeatureBatch(rows).WithNumeric("x1", x1).WithNumeric("x2", x2).WithCategorical("colour", colour);
    }

    private static string WriteMulticlassModel(string directory)
    {
        var batch = MulticlassRows(600, 3);
        var labels = new float[batch.Rows];
        for (var i = 0; i < labels.Length; i++)
        {
            var x2 = float.IsNaN(batch.Numeric["x2"][i]) ? 0 : batch.Numeric["x2"][i];
            var d = batch.Numeric["x1"][i] - x2 + (batch.Categorical["colour"][i] == "blue" ? 0.5f : 0);
            labels[i] = d < -1 ? 0 : d < 1 ? 1 : 2;
        }
        var options = LogisticRegressionOptions.Parse(new Dictionary<string, string> { ["l2"] = "0.1", ["minCategoryCount"] = "1" });
        var path = Path.Combine(directory, "colour-class.onnx");
        File.WriteAllBytes(path, LinearOnnxExporter.ToBytes(BuiltInTrainer.FitLinear("colour-class", ModelTask.Multiclass, batch, labels, Mapping, options)));
        return path;
    }

    private static string WriteMulticlassConfig(string directory)
    {
        var folder = Path.Combine(directory, "colour-class");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "model.yaml");
        File.WriteAllText(path, """
            name: colour-class
            task: multiclass
            data: { contract: colours.v1, path: data/x.csv, label: band, classes: [low, mid, high] }
            features:
              mode: named
              numeric: [x1, x2]
              categorical: [colour]
              probabilityOutput: probability
            """);
        return path;
    }
}
