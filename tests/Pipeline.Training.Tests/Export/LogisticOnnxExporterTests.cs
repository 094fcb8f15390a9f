using System.Security.Cryptography;
using Pipeline.Core.Features;
using Pipeline.Onnx.Runtime;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;
using Pipeline.Training.Tests.Support;

namespace Pipeline.Training.Tests.Export;

public sealed class LogisticOnnxExporterTests
{
    private static LogisticModel Train(int rows = 4000, int seed = 11)
    {
        var (batch, labels) = SyntheticData.Make(rows, seed);
        var options = new LogisticRegressionOptions();
        var plan = PreprocessingFitter.Fit(batch, SyntheticData.Numeric, SyntheticData.Categorical, options.MinCategoryCount, options.MissingIndicators);
        var fit = NewtonSolver.Fit(DesignMatrix.Build(plan, batch), labels, options);
        return new LogisticModel { Name = "synthetic", Plan = plan, Fit = fit, Options = options, DataDigest = "sha256:test" };
    }

    [Fact]
    public void ToBytes_SameDataSeedAndHyperparameters_SameDigest()
    {
        var a = SHA256.HashData(LogisticOnnxExporter.ToBytes(Train()));
        var b = SHA256.HashData(LogisticOnnxExporter.ToBytes(Train()));
        var other = SHA256.HashData(LogisticOnnxExporter.ToBytes(Train(seed: 12)));
        Assert.Equal(Convert.ToHexString(a), Convert.ToHexString(b));
        Assert.NotEqual(Convert.ToHexString(a), Convert.ToHexString(other));
    }

    [Fact]
    public void OnnxRuntime_ScoresLikeTheTrainer_IncludingMissingAndUnseenValues()
    {
        var model = Train();
        using var session = InferenceSession.FromBytes(LogisticOnnxExporter.ToBytes(model), label: "synthetic.onnx");
        var batch = new FeatureBatch(5)
            .WithNumeric("x1", [0.5f, -1f, float.NaN, 2f, 0f])
            .WithNumeric("x2", [10f, 3f, 12f, float.NaN, 9f])
            .WithNumeric("x3", [0.1f, float.NaN, 0.9f, 0.5f, 0.3f])
            .WithCategorical("colour", ["red", "blue", "purple-never-seen", null, "rare"]);
        var expected = model.PredictProbability(DesignMatrix.Build(model.Plan, batch));

        using var x1 = OrtValue.CreateTensor(batch.Numeric["x1"], 5, 1);
        using var x2 = OrtValue.CreateTensor(batch.Numeric["x2"], 5, 1);
        using var x3 = OrtValue.CreateTensor(batch.Numeric["x3"], 5, 1);
        using var colour = OrtValue.CreateStringTensor(batch.Categorical["colour"].Select(c => c ?? "").ToArray(), 5, 1);
        var result = session.Run(("x1", x1), ("x2", x2), ("x3", x3), ("colour", colour));

        var probability = (OnnxTensor)result["probability"];
        Assert.Equal([5L, 2L], probability.Shape);
        var p = probability.As<float>();
        var label = ((OnnxTensor)result["label"]).As<long>();
        for (var r = 0; r < 5; r++)
        {
            Assert.Equal(expected[r], p[2 * r + 1], 5);
            Assert.Equal(1f, p[2 * r] + p[2 * r + 1], 5);
            Assert.Equal(p[2 * r + 1] > 0.5f ? 1L : 0L, label[r]);
        }
    }

    [Fact]
    public void OnnxRuntime_UnseenAndMissingCategories_ScoreIdentically()
    {
        var model = Train();
        using var session = InferenceSession.FromBytes(LogisticOnnxExporter.ToBytes(model));
        float[] one = [0.2f, 0.2f, 0.2f];
        using var x1 = OrtValue.CreateTensor(one, 3, 1);
        using var x2 = OrtValue.CreateTensor(new[] { 10f, 10f, 10f }, 3, 1);
        using var x3 = OrtValue.CreateTensor(new[] { 0.5f, 0.5f, 0.5f }, 3, 1);
        using var colour = OrtValue.CreateStringTensor(["never-seen", "", "RED"], 3, 1);
        var p = ((OnnxTensor)session.Run(("x1", x1), ("x2", x2), ("x3", x3), ("colour", colour))["probability"]).As<float>();
        Assert.Equal(p[1], p[3]);
        Assert.Equal(p[1], p[5]);
    }

    [Fact]
    public void Metadata_NamesProducerHyperparametersFeaturesAndData()
    {
        using var session = InferenceSession.FromBytes(LogisticOnnxExporter.ToBytes(Train()));
        var meta = session.Metadata;
        Assert.Equal("Pipeline", meta.ProducerName);
        Assert.Equal("synthetic", meta.GraphName);
        Assert.Contains("l2=1", meta.Custom["pipeline.hyperparameters"]);
        Assert.Equal("x1,x2,x3", meta.Custom["pipeline.features.numeric"]);
        Assert.Equal("sha256:test", meta.Custom["pipeline.data.digest"]);
        Assert.Equal(["x1", "x2", "x3", "colour"], session.Inputs.Select(i => i.Name));
        Assert.Equal(["label", "probability"], session.Outputs.Select(o => o.Name));
    }
}
