using Pipeline.Core.Features;

namespace Pipeline.Deployment.Tests.Support;

/// <summary>Seeded transactions in the test fraud model's feature space, with the categories <see cref="FraudModels"/> rotates:
/// the replay traffic of the release tests, the killed release process and bench/Canary.</summary>
public static class ReplayRows
{
    public static FeatureBatch Seeded(int n)
    {
        var random = new Random(5);
        float[] Num(double scale) => Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * scale, 2)).ToArray();
        string?[] Cat(params string[] values) => Enumerable.Range(0, n).Select(_ => values[random.Next(values.Length)]).ToArray<string?>();
        return new FeatureBatch(n)
            .WithNumeric("amount", Num(600)).WithNumeric("hour", Num(23)).WithNumeric("customer_age", Num(70))
            .WithNumeric("txn_count_1h", Num(6)).WithNumeric("amount_sum_24h", Num(1500)).WithNumeric("distance_from_home_km", Num(400))
            .WithCategorical("merchant_category", Cat("grocery", "travel", "jewelry", "gaming", "fuel"))
            .WithCategorical("country", Cat("US", "GB", "NG", "DE"))
            .WithCategorical("card_present", Cat("true", "false"));
    }
}
