using Google.Protobuf;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Proto;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Serving.Tests.Support;

/// <summary>Real ONNX models in the built-in trainer's format (per-column inputs, probability [N,2]) with fixed coefficients, plus matching model.yaml files and rows.</summary>
public static class TestModels
{
    public static readonly string[] Numeric = ["amount", "hour", "customer_age", "txn_count_1h", "amount_sum_24h", "distance_from_home_km"];
    public static readonly string[] Categorical = ["merchant_category", "country", "card_present"];
    public static readonly string[] Merchants = ["grocery", "restaurant", "fuel", "travel", "electronics", "online_retail", "gaming", "jewelry", "pharmacy", "other"];
    public static readonly string[] Countries = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "BR", "NG"];

    public static FeatureMapping Mapping => new() { Mode = "named", Numeric = [.. Numeric], Categorical = [.. Categorical], ProbabilityOutput = "probability" };

    /// <param name="intercept">The logistic intercept: a different intercept is a different version that scores every row differently.</param>
    /// <param name="vocabulary">Category list per column (column, default list) → list the one-hot reads; default: the list itself.</param>
    public static ModelProto Build(string name = "fraud-detector", double intercept = -3.5, Func<string, string[], string[]>? vocabulary = null)
    {
        string[] Categories(string column, string[] all) => vocabulary?.Invoke(column, all) ?? all;
        var plan = new PreprocessingPlan
        {
            Numeric =
            [
                new NumericTransform("amount", 40, 80, 120, false, 0),
                new NumericTransform("hour", 13, 12.5f, 6.5f, false, 0),
                new NumericTransform("customer_age", 42, 44, 15, true, 10),
                new NumericTransform("txn_count_1h", 1, 1.5f, 1.8f, false, 0),
                new NumericTransform("amount_sum_24h", 150, 240, 300, false, 0),
                new NumericTransform("distance_from_home_km", 8, 30, 90, true, 20),
            ],
            Categorical =
            [
                new CategoricalTransform("merchant_category", Categories("merchant_category", Merchants), 0),
                new CategoricalTransform("country", Categories("country", Countries), 0),
                new CategoricalTransform("card_present", Categories("card_present", ["false", "true"]), 0),
            ],
        };
        var weights = new double[plan.Width];
        var random = new Random(11);
        for (var i = 0; i < weights.Length; i++) weights[i] = Math.Round(random.NextDouble() * 2 - 1, 3);
        var model = new LogisticModel
        {
            Name = name, Plan = plan, Options = new LogisticRegressionOptions(),
            Fit = new LogisticFit { Weights = weights, Intercept = intercept, Iterations = 1, Converged = true, TrainingLogLoss = 0.1 },
        };
        return LogisticOnnxExporter.Build(model);
    }

    public static string WriteModel(string directory, string fileName = "model.onnx")
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, Build().ToByteArray());
        return path;
    }

    /// <summary>A model that ONNX Runtime fails to run for more than one row: its probability is reshaped to a fixed [1,2].</summary>
    public static string WriteModelFailingAboveOneRow(string directory)
    {
        var proto = Build();
        var concat = proto.Graph.Node.Single(n => n.Output.Contains("probability"));
        concat.Output[0] = "probability_any";
        var shape = new TensorProto { Name = "fixed_shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(2);
        shape.Int64Data.Add([1, 2]);
        proto.Graph.Initializer.Add(shape);
        var reshape = new NodeProto { OpType = "Reshape", Name = "fixed_reshape" };
        reshape.Input.Add("probability_any");
        reshape.Input.Add("fixed_shape");
        reshape.Output.Add("probability");
        proto.Graph.Node.Add(reshape);
        var path = Path.Combine(directory, "failing.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }

    /// <summary>The test model without median imputation: a null (NaN) number flows through to a NaN probability.</summary>
    public static string WriteModelWithoutImputation(string directory)
    {
        var proto = Build();
        var impute = proto.Graph.Node.Single(n => n.OpType == "Where" && n.Output.Contains("numeric_imputed"));
        var raw = impute.Input[2];
        impute.OpType = "Identity";
        impute.Input.Clear();
        impute.Input.Add(raw);
        var path = Path.Combine(directory, "no-imputation.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }

    /// <summary>A model.yaml outside any repository, holding what serving needs (name and feature mapping).</summary>
    public static string WriteConfig(string directory, string name = "fraud-detector")
    {
        var folder = Path.Combine(directory, name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "model.yaml");
        File.WriteAllText(path, $$"""
            name: {{name}}
            data: { contract: transactions.v1, path: data/x.csv, label: is_fraud }
            features:
              mode: named
              numeric: [{{string.Join(", ", Numeric)}}]
              categorical: [{{string.Join(", ", Categorical)}}]
              probabilityOutput: probability
            """);
        return path;
    }

    /// <summary>Realistic rows from a seeded generator.</summary>
    public static FeatureBatch Rows(int count, int seed = 5)
    {
        var random = new Random(seed);
        var batch = new FeatureBatch(count);
        float[] Col(Func<float> f) => Enumerable.Range(0, count).Select(_ => f()).ToArray();
        batch.Numeric["amount"] = Col(() => (float)Math.Round(Math.Exp(random.NextDouble() * 6), 2));
        batch.Numeric["hour"] = Col(() => random.Next(24));
        batch.Numeric["customer_age"] = Col(() => random.NextDouble() < 0.05 ? float.NaN : random.Next(18, 90));
        batch.Numeric["txn_count_1h"] = Col(() => random.Next(6));
        batch.Numeric["amount_sum_24h"] = Col(() => (float)Math.Round(random.NextDouble() * 900, 2));
        batch.Numeric["distance_from_home_km"] = Col(() => random.NextDouble() < 0.05 ? float.NaN : (float)Math.Round(random.NextDouble() * 400, 1));
        batch.Categorical["merchant_category"] = Enumerable.Range(0, count).Select(_ => (string?)Merchants[random.Next(Merchants.Length)]).ToArray();
        batch.Categorical["country"] = Enumerable.Range(0, count).Select(_ => (string?)Countries[random.Next(Countries.Length)]).ToArray();
        batch.Categorical["card_present"] = Enumerable.Range(0, count).Select(_ => (string?)(random.Next(2) == 1 ? "true" : "false")).ToArray();
        return batch;
    }
}
