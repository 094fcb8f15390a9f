using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Scoring;
using Pipeline.Onnx.Tests.Runtime;
using Pipeline.Onnx.Tests.Support;

namespace Pipeline.Onnx.Tests.Scoring;

public sealed class ModelScorerTests
{
    private readonly string dir = TestPaths.TempDirectory();

    [Fact]
    public void Score_NamedMappingWithCategorical_MatchesReference()
    {
        using var scorer = ModelScorer.Open(FraudLikeModel.Write(dir), FraudLikeModel.Mapping);
        var batch = FraudLikeModel.Batch(500, 1);
        var p = scorer.Score(batch);
        Assert.Equal(500, p.Length);
        for (var i = 0; i < p.Length; i++) Assert.Equal(FraudLikeModel.Expected(batch, i), p[i], 1e-5f);
    }

    [Fact]
    public void Score_SplitIntoSmallBatches_EqualsOneBatch()
    {
        var path = FraudLikeModel.Write(dir);
        using var big = ModelScorer.Open(path, FraudLikeModel.Mapping);
        using var small = ModelScorer.Open(path, FraudLikeModel.Mapping, new ScorerOptions { MaxBatchRows = 7 });
        var batch = FraudLikeModel.Batch(100, 2);
        Assert.Equal(big.Score(batch), small.Score(batch));
    }

    [Fact]
    public void Score_TensorMapping_ReadsProbabilityColumn()
    {
        var path = Path.Combine(dir, "tensor.onnx");
        File.WriteAllBytes(path, TestModels.LogisticTensor([1f, -2f], 0.5f, "features", "p"));
        var mapping = new FeatureMapping { Mode = "tensor", Numeric = ["a", "b"], TensorInput = "features", ProbabilityOutput = "p" };
        using var scorer = ModelScorer.Open(path, mapping);
        var batch = new FeatureBatch(3).WithNumeric("a", [0f, 1f, 2f]).WithNumeric("b", [0f, 0.5f, 3f]);
        var p = scorer.Score(batch);
        for (var i = 0; i < 3; i++)
            Assert.Equal(1 / (1 + MathF.Exp(-(batch.Numeric["a"][i] - 2 * batch.Numeric["b"][i] + 0.5f))), p[i], 1e-6f);
    }

    [Theory]
    [InlineData("zipmap_int64_classifier.onnx", "1")]
    [InlineData("zipmap_string_classifier.onnx", "fraud")]
    public void Score_ZipMapOutput_ReadsPositiveClass(string file, string positive)
    {
        var mapping = new FeatureMapping { Mode = "tensor", Numeric = ["x0", "x1", "x2"], TensorInput = "float_input", ProbabilityOutput = "output_probability" };
        using var scorer = ModelScorer.Open(TestPaths.TestData(file), mapping, new ScorerOptions { PositiveLabel = positive });
        var batch = new FeatureBatch(2).WithNumeric("x0", [1f, -1f]).WithNumeric("x1", [2f, 0f]).WithNumeric("x2", [3f, 0.5f]);
        var p = scorer.Score(batch);
        Assert.Equal(ZipMapTests.Expected([1f, 2f, 3f]), p[0], 1e-5f);
        Assert.Equal(ZipMapTests.Expected([-1f, 0f, 0.5f]), p[1], 1e-5f);
    }

    [Fact]
    public void Open_MappingDoesNotFit_ListsEveryProblem()
    {
        var mapping = new FeatureMapping { Mode = "named", Numeric = ["amount", "nope"], Categorical = [], ProbabilityOutput = "prob" };
        var e = Assert.Throws<ModelMappingException>(() => ModelScorer.Open(FraudLikeModel.Write(dir), mapping));
        Assert.Contains(e.Problems, p => p.Contains("column nope maps to input nope, which the model does not have"));
        Assert.Contains(e.Problems, p => p.Contains("model input hour") && p.Contains("not fed"));
        Assert.Contains(e.Problems, p => p.Contains("model input country") && p.Contains("not fed"));
        Assert.Contains(e.Problems, p => p.Contains("features.probabilityOutput prob is not a model output"));
    }

    [Fact]
    public void Score_MissingColumnInBatch_NamesIt()
    {
        using var scorer = ModelScorer.Open(FraudLikeModel.Write(dir), FraudLikeModel.Mapping);
        var batch = new FeatureBatch(1).WithNumeric("amount", [1f]).WithCategorical("country", ["US"]);
        var e = Assert.Throws<KeyNotFoundException>(() => scorer.Score(batch));
        Assert.Contains("numeric column hour", e.Message);
    }

    [Fact]
    public async Task Score_ConcurrentCallers_SameResults()
    {
        using var scorer = ModelScorer.Open(FraudLikeModel.Write(dir), FraudLikeModel.Mapping, new ScorerOptions { MaxBatchRows = 16 });
        var batch = FraudLikeModel.Batch(64, 3);
        var expected = scorer.Score(batch);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            float[] last = [];
            for (var i = 0; i < 50; i++) last = scorer.Score(batch);
            return last;
        })));
        foreach (var r in results) Assert.Equal(expected, r);
    }

    [Fact]
    public void Score_IntoSpan_AllocatesNothingOnceWarm()
    {
        using var scorer = ModelScorer.Open(FraudLikeModel.Write(dir), FraudLikeModel.Mapping);
        var batch = FraudLikeModel.Batch(32, 4);
        var destination = new float[32];
        for (var i = 0; i < 20; i++) scorer.Score(batch, 0, 32, destination);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++) scorer.Score(batch, 0, 32, destination);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(FraudLikeModel.Expected(batch, 5), destination[5], 1e-5f);
    }
}
