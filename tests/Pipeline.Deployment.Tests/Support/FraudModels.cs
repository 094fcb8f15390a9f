using Google.Protobuf;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Deployment.Tests.Support;

/// <summary>Two real versions of the default model (built-in trainer's ONNX format) that score the same row differently.</summary>
public static class FraudModels
{
    private static readonly string[] Merchants = ["grocery", "restaurant", "fuel", "travel", "electronics", "online_retail", "gaming", "jewelry", "pharmacy", "other"];
    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "BR", "NG"];

    /// <summary>One transaction in V1 form.</summary>
    public const string V1Request =
        """{"instances":[{"amount":420.5,"hour":3,"customer_age":40,"txn_count_1h":4,"amount_sum_24h":900,"distance_from_home_km":350,"merchant_category":"jewelry","country":"NG","card_present":"false"}]}""";

    /// <param name="rotateCategories">Moves each category's weight to the next category that replay rows use: on rows with uniformly
    /// drawn categories the score distribution is the same, but rows are scored as if they had another category (a worse model PSI does not see).</param>
    public static string Write(string directory, string version, double intercept, bool rotateCategories = false)
    {
        string[] Vocabulary(string[] all, string[] used) => rotateCategories ? Rotate(all, used) : all;
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
                new CategoricalTransform("merchant_category", Vocabulary(Merchants, ["grocery", "travel", "jewelry", "gaming", "fuel"]), 0),
                new CategoricalTransform("country", Vocabulary(Countries, ["US", "GB", "NG", "DE"]), 0),
                new CategoricalTransform("card_present", Vocabulary(["false", "true"], ["false", "true"]), 0),
            ],
        };
        var weights = new double[plan.Width];
        var random = new Random(11);
        for (var i = 0; i < weights.Length; i++) weights[i] = Math.Round(random.NextDouble() * 2 - 1, 3);
        var model = new LogisticModel
        {
            Name = "fraud-detector", Plan = plan, Options = new LogisticRegressionOptions(),
            Fit = new LogisticFit { Weights = weights, Intercept = intercept, Iterations = 1, Converged = true, TrainingLogLoss = 0.1 },
        };
        var path = System.IO.Path.Combine(directory, $"model-{version}.onnx");
        File.WriteAllBytes(path, LogisticOnnxExporter.Build(model).ToByteArray());
        return path;
    }

    /// <summary>The vocabulary with the slots of <paramref name="used"/> holding the next used name (a cyclic shift among them).</summary>
    private static string[] Rotate(string[] all, string[] used)
    {
        var slots = used.Select(u => Array.IndexOf(all, u)).Order().ToArray();
        var rotated = (string[])all.Clone();
        for (var i = 0; i < slots.Length; i++) rotated[slots[i]] = all[slots[(i + 1) % slots.Length]];
        return rotated;
    }

    public static string WriteConfig(string directory)
    {
        var contracts = System.IO.Path.Combine(directory, "data-contracts");
        Directory.CreateDirectory(contracts);
        File.Copy(System.IO.Path.Combine(RepoRoot.Path, "data-contracts", "transactions.v1.yaml"), System.IO.Path.Combine(contracts, "transactions.v1.yaml"), overwrite: true);
        var folder = System.IO.Path.Combine(directory, "models", "fraud-detector");
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, "model.yaml");
        File.WriteAllText(path, """
            name: fraud-detector
            data: { contract: transactions.v1, path: data/x.csv, label: is_fraud }
            features:
              mode: named
              numeric: [amount, hour, customer_age, txn_count_1h, amount_sum_24h, distance_from_home_km]
              categorical: [merchant_category, country, card_present]
              probabilityOutput: probability
            """);
        return path;
    }
}
