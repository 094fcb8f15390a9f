using Pipeline.Core.Features;
using Pipeline.Core.Models;

namespace Pipeline.Onnx.Tests.Support;

/// <summary>A logistic model over two numeric and one categorical column, written to a temp file, with its mapping and reference scores.</summary>
internal static class FraudLikeModel
{
    public static readonly Dictionary<string, float> CountryWeights = new() { ["US"] = -0.5f, ["NG"] = 1.2f, ["DE"] = 0.1f };

    public static FeatureMapping Mapping => new()
    {
        Mode = "named",
        Numeric = ["amount", "hour"],
        Categorical = ["country"],
        ProbabilityOutput = "probability",
    };

    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "fraud-like.onnx");
        File.WriteAllBytes(path, TestModels.LogisticNamed([("amount", 0.01f), ("hour", -0.1f)], [("country", CountryWeights)], -0.3f));
        return path;
    }

    public static FeatureBatch Batch(int rows, int seed)
    {
        var rnd = new Random(seed);
        var countries = new[] { "US", "NG", "DE", "FR", null };
        return new FeatureBatch(rows)
            .WithNumeric("amount", Enumerable.Range(0, rows).Select(_ => (float)(rnd.NextDouble() * 300)).ToArray())
            .WithNumeric("hour", Enumerable.Range(0, rows).Select(_ => (float)rnd.Next(24)).ToArray())
            .WithCategorical("country", Enumerable.Range(0, rows).Select(_ => countries[rnd.Next(countries.Length)]).ToArray());
    }

    public static float Expected(FeatureBatch b, int row)
    {
        var c = b.Categorical["country"][row];
        var z = 0.01f * b.Numeric["amount"][row] - 0.1f * b.Numeric["hour"][row] + (c is not null && CountryWeights.TryGetValue(c, out var w) ? w : 0f) - 0.3f;
        return 1 / (1 + MathF.Exp(-z));
    }
}
