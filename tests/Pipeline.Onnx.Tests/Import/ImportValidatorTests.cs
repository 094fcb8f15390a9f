using Google.Protobuf;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;
using Pipeline.Onnx.Import;
using Pipeline.Onnx.Proto;
using Pipeline.Onnx.Tests.Support;
using static Pipeline.Onnx.Proto.OnnxBuilder;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Onnx.Tests.Import;

public sealed class ImportValidatorTests
{
    private readonly string dir = TestPaths.TempDirectory();

    private static readonly Dictionary<string, string> Contract = new() { ["amount"] = "float", ["hour"] = "int", ["country"] = "category", ["note"] = "string" };

    private ImportRequest Request(string model, FeatureMapping? mapping = null, GoldenData? golden = null, FeatureBatch? sample = null) => new()
    {
        ModelPath = model,
        Subject = "fraud-like",
        Contract = "transactions.v1",
        Mapping = mapping ?? FraudLikeModel.Mapping,
        ContractColumns = Contract,
        Sample = sample ?? FraudLikeModel.Batch(300, 9),
        Golden = golden,
    };

    [Fact]
    public void Validate_GoodModel_PassesEveryCheck()
    {
        var path = FraudLikeModel.Write(dir);
        var goldenInputs = FraudLikeModel.Batch(20, 5);
        var golden = new GoldenData(goldenInputs, Enumerable.Range(0, 20).Select(i => FraudLikeModel.Expected(goldenInputs, i)).ToArray(), 1e-4, 1e-6);
        var verdict = new ImportValidator().Validate(Request(path, golden: golden), out var signature);
        Assert.True(verdict.Passed, string.Join("\n", verdict.Failures.Select(f => $"{f.Metric}: {f.Observed} {f.Detail}")));
        Assert.Equal(
            ["contract column amount", "contract column hour", "contract column country", "model loads", "signature vs mapping", "golden set",
             "finite outputs", "probabilities in [0, 1]", "determinism", "batch of N = N single calls"],
            verdict.Checks.Select(c => c.Metric));
        Assert.NotNull(signature);
        Assert.Equal(17, signature!.Opsets["ai.onnx"]);
        Assert.Equal(2, signature.Opsets["ai.onnx.ml"]);
        Assert.Contains(signature.Inputs, i => i is { Name: "country", Type: "tensor(string)[N,1]" });
    }

    [Fact]
    public void Validate_CorruptFile_FailsLoadAndSkipsTheRest()
    {
        var path = Path.Combine(dir, "corrupt.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
        var verdict = new ImportValidator().Validate(Request(path));
        Assert.False(verdict.Passed);
        var load = verdict.Checks.Single(c => c.Metric == "model loads");
        Assert.Equal(CheckOutcome.Fail, load.Outcome);
        Assert.Contains(path, load.Detail);
        Assert.All(verdict.Checks.Where(c => c.Metric is "determinism" or "golden set"), c => Assert.Equal("not run", c.Observed));
    }

    [Fact]
    public void Validate_UnsupportedOperator_SaysWhichOperator()
    {
        var g = new GraphProto { Name = "g" };
        g.Input.Add(Tensor("amount", DataType.Float, "N", 1));
        g.Node.Add(Node("NoSuchOperator", ["amount"], ["probability"]));
        g.Output.Add(Tensor("probability", DataType.Float, "N", 1));
        var path = Path.Combine(dir, "unsupported.onnx");
        File.WriteAllBytes(path, Model(g).ToByteArray());
        var verdict = new ImportValidator().Validate(Request(path, new FeatureMapping { Numeric = ["amount"] }));
        var load = verdict.Checks.Single(c => c.Metric == "model loads");
        Assert.Equal(CheckOutcome.Fail, load.Outcome);
        Assert.Contains("NoSuchOperator", load.Detail);
    }

    [Fact]
    public void Validate_InputsDoNotFitContractOrMapping_ListsEachProblem()
    {
        var path = FraudLikeModel.Write(dir);
        var mapping = new FeatureMapping { Numeric = ["amount", "note", "missing"], Categorical = ["country"] };
        var verdict = new ImportValidator().Validate(Request(path, mapping));
        Assert.False(verdict.Passed);
        Assert.Equal(CheckOutcome.Fail, verdict.Checks.Single(c => c.Metric == "contract column note").Outcome);
        Assert.Contains("does not define", verdict.Checks.Single(c => c.Metric == "contract column missing").Detail);
        var signature = verdict.Checks.Single(c => c.Metric == "signature vs mapping");
        Assert.Equal(CheckOutcome.Fail, signature.Outcome);
        Assert.Contains("model input hour", signature.Detail);
        Assert.Contains("column missing maps to input missing", signature.Detail);
    }

    [Fact]
    public void Validate_GoldenMismatch_FailsWithWorstRow()
    {
        var path = FraudLikeModel.Write(dir);
        var inputs = FraudLikeModel.Batch(10, 5);
        var expected = Enumerable.Range(0, 10).Select(i => FraudLikeModel.Expected(inputs, i)).ToArray();
        expected[7] += 0.01f;
        var verdict = new ImportValidator().Validate(Request(path, golden: new GoldenData(inputs, expected, 1e-4, 1e-6)));
        var golden = verdict.Checks.Single(c => c.Metric == "golden set");
        Assert.Equal(CheckOutcome.Fail, golden.Outcome);
        Assert.StartsWith("1/10 rows outside", golden.Observed);
        Assert.Contains("row 7", golden.Detail);
    }

    [Fact]
    public void Validate_LogitsInsteadOfProbabilities_FailsRange()
    {
        var g = new GraphProto { Name = "logits" };
        g.Input.Add(Tensor("amount", DataType.Float, "N", 1));
        g.Initializer.Add(Floats("w", [0.05f], 1, 1));
        g.Node.Add(Node("MatMul", ["amount", "w"], ["probability"]));
        g.Output.Add(Tensor("probability", DataType.Float, "N", 1));
        var path = Path.Combine(dir, "logits.onnx");
        File.WriteAllBytes(path, Model(g).ToByteArray());
        var verdict = new ImportValidator().Validate(Request(path, new FeatureMapping { Numeric = ["amount"] }));
        Assert.Equal(CheckOutcome.Fail, verdict.Checks.Single(c => c.Metric == "probabilities in [0, 1]").Outcome);
        Assert.Equal(CheckOutcome.Pass, verdict.Checks.Single(c => c.Metric == "determinism").Outcome);
    }

    [Fact]
    public void Validate_NaNInputs_FailFiniteCheck()
    {
        var path = FraudLikeModel.Write(dir);
        var sample = FraudLikeModel.Batch(50, 3);
        sample.Numeric["amount"][10] = float.NaN;
        var verdict = new ImportValidator().Validate(Request(path, sample: sample));
        var finite = verdict.Checks.Single(c => c.Metric == "finite outputs");
        Assert.Equal(CheckOutcome.Fail, finite.Outcome);
        Assert.Contains("row 10", finite.Detail);
    }
}
