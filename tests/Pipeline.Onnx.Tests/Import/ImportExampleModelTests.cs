using Google.Protobuf;
using Pipeline.Onnx.Proto;
using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Tests.Support;
using static Pipeline.Onnx.Proto.OnnxBuilder;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Onnx.Tests.Import;

/// <summary>
/// models/fraud-import/model.onnx: an externally produced model for the Import example — a hand-weighted logistic score
/// over the transactions.v1 features with NaN imputation inside the graph. The committed file is what this builder writes.
/// </summary>
public sealed class ImportExampleModelTests
{
    private static readonly (string Column, float Fill, float Mean, float Scale, float Weight)[] Numeric =
    [
        ("amount", 60f, 80f, 150f, 0.6f), ("hour", 12f, 12f, 7f, 0f), ("customer_age", 45f, 45f, 15f, -0.1f),
        ("txn_count_1h", 1f, 1f, 1.5f, 0.5f), ("amount_sum_24h", 150f, 200f, 300f, 0.3f), ("distance_from_home_km", 10f, 30f, 200f, 0.5f),
    ];

    private static readonly (string Column, Dictionary<string, float> Weights)[] Categorical =
    [
        ("merchant_category", new() { ["gaming"] = 1f, ["jewelry"] = 1f, ["electronics"] = 0.6f, ["online_retail"] = 0.5f, ["travel"] = 0.3f, ["grocery"] = -0.3f, ["restaurant"] = -0.3f, ["fuel"] = -0.3f, ["pharmacy"] = -0.3f }),
        ("country", new() { ["NG"] = 1f, ["BR"] = 0.4f, ["CN"] = 0.3f, ["MX"] = 0.3f, ["IN"] = 0.2f }),
        ("card_present", new() { ["true"] = -0.8f, ["false"] = 0.6f }),
    ];

    [Fact]
    public void CommittedExampleModel_IsWhatTheBuilderWrites()
    {
        var built = Build();
        var path = Path.Combine(RepositoryRoot(), "models", "fraud-import", "model.onnx");
        if (Environment.GetEnvironmentVariable("PIPELINE_WRITE_TESTDATA") == "1") File.WriteAllBytes(path, built);
        Assert.Equal(built, File.ReadAllBytes(path));
        using var s = InferenceSession.Open(path);
        Assert.Equal(9, s.Inputs.Count);
        Assert.Equal("tensor(float)[N,2]", s.Output("probability").Type.ToString());
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller)!, "..", "..", ".."));

    private static byte[] Build()
    {
        var g = new GraphProto { Name = "fraud_import_example" };
        var terms = new List<string>();
        foreach (var (col, fill, mean, scale, weight) in Numeric)
        {
            g.Input.Add(Tensor(col, DataType.Float, "N", 1));
            g.Initializer.Add(Floats($"{col}_fill", [fill], 1));
            g.Initializer.Add(Floats($"{col}_mean", [mean], 1));
            g.Initializer.Add(Floats($"{col}_k", [weight / scale], 1));
            g.Node.Add(Node("IsNaN", [col], [$"{col}_nan"]));
            g.Node.Add(Node("Where", [$"{col}_nan", $"{col}_fill", col], [$"{col}_x"]));
            g.Node.Add(Node("Sub", [$"{col}_x", $"{col}_mean"], [$"{col}_c"]));
            g.Node.Add(Node("Mul", [$"{col}_c", $"{col}_k"], [$"{col}_t"]));
            terms.Add($"{col}_t");
        }
        foreach (var (col, weights) in Categorical)
        {
            g.Input.Add(Tensor(col, DataType.String, "N", 1));
            var keys = weights.Keys.ToArray();
            g.Node.Add(Node("LabelEncoder", [col], [$"{col}_t"], "ai.onnx.ml",
                Attr("keys_strings", keys), Attr("values_floats", keys.Select(k => weights[k]).ToArray()),
                new AttributeProto { Name = "default_float", Type = AttributeProto.Types.AttributeType.Float, F = 0f }));
            terms.Add($"{col}_t");
        }
        g.Initializer.Add(Floats("bias", [-4.2f], 1));
        g.Initializer.Add(Floats("one", [1f], 1));
        g.Initializer.Add(Floats("half", [0.5f], 1));
        g.Initializer.Add(Int64s("flat", [-1], 1));
        g.Node.Add(Node("Sum", [.. terms, "bias"], ["z"]));
        g.Node.Add(Node("Sigmoid", ["z"], ["p"]));
        g.Node.Add(Node("Sub", ["one", "p"], ["q"]));
        g.Node.Add(Node("Concat", ["q", "p"], ["probability"], "", Attr("axis", 1L)));
        g.Node.Add(Node("Greater", ["p", "half"], ["gt"]));
        g.Node.Add(Node("Cast", ["gt"], ["label2d"], "", Attr("to", (long)DataType.Int64)));
        g.Node.Add(Node("Reshape", ["label2d", "flat"], ["label"]));
        g.Output.Add(Tensor("label", DataType.Int64, "N"));
        g.Output.Add(Tensor("probability", DataType.Float, "N", 2));
        return Model(g, 17, 2, producer: "hand-weighted-example",
            metadata: new Dictionary<string, string> { ["description"] = "Import example: hand-set logistic weights over transactions.v1 features" }).ToByteArray();
    }
}
