using Google.Protobuf;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Deployment.Tests.Support;

/// <summary>Versions of the serving tests' model (<see cref="TestModels"/>, built-in trainer's ONNX format) that score the same row differently, and a repository-shaped model.yaml.</summary>
public static class FraudModels
{
    /// <summary>One transaction in V1 form.</summary>
    public const string V1Request =
        """{"instances":[{"amount":420.5,"hour":3,"customer_age":40,"txn_count_1h":4,"amount_sum_24h":900,"distance_from_home_km":350,"merchant_category":"jewelry","country":"NG","card_present":"false"}]}""";

    /// <param name="rotateCategories">Moves each category's weight to the next category that replay rows use: on rows with uniformly
    /// drawn categories the score distribution is the same, but rows are scored as if they had another category (a worse model PSI does not see).</param>
    public static string Write(string directory, string version, double intercept, bool rotateCategories = false)
    {
        var used = new Dictionary<string, string[]>
        {
            ["merchant_category"] = ["grocery", "travel", "jewelry", "gaming", "fuel"],
            ["country"] = ["US", "GB", "NG", "DE"],
            ["card_present"] = ["false", "true"],
        };
        var proto = TestModels.Build("fraud-detector", intercept, rotateCategories ? (column, all) => Rotate(all, used[column]) : null);
        var path = System.IO.Path.Combine(directory, $"model-{version}.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
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
