using System.Security.Cryptography;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Scoring;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;

namespace Pipeline.Training.Tests.Linear;

/// <summary>The built-in ridge and multinomial trainers: fitted here, exported with the preprocessing inside, scored by ONNX Runtime.</summary>
public sealed class LinearTrainerTests
{
    private static readonly FeatureMapping Regression = new()
    {
        Numeric = ["x1", "x2"], Categorical = ["colour"], Task = ModelTask.Regression, ValueOutput = "value",
    };

    private static readonly FeatureMapping Multiclass = new()
    {
        Numeric = ["x1", "x2"], Categorical = ["colour"], Task = ModelTask.Multiclass, ClassCount = 3, ProbabilityOutput = "probability",
    };

    /// <summary>y = 3·x1 − 2·x2 + 5 (+4 for blue) + small noise; class = which of three regions of x1 − x2 the row falls in.</summary>
    private static (FeatureBatch Batch, float[] Values, float[] Classes) Data(int rows, int seed)
    {
        var random = new Random(seed);
        var x1 = new float[rows];
        var x2 = new float[rows];
        var colour = new string?[rows];
        var y = new float[rows];
        var c = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            x1[i] = (float)(random.NextDouble() * 4 - 2);
            x2[i] = i % 17 == 0 ? float.NaN : (float)(random.NextDouble() * 4 - 2);
            colour[i] = random.Next(3) switch { 0 => "red", 1 => "blue", _ => "green" };
            var x2v = float.IsNaN(x2[i]) ? 0 : x2[i];
            y[i] = 3 * x1[i] - 2 * x2v + 5 + (colour[i] == "blue" ? 4 : 0) + (float)(random.NextDouble() - 0.5) * 0.1f;
            var d = x1[i] - x2v + (float)(random.NextDouble() - 0.5) * 0.3f;
            c[i] = d < -1 ? 0 : d < 1 ? 1 : 2;
        }
        return (new FeatureBatch(rows).WithNumeric("x1", x1).WithNumeric("x2", x2).WithCategorical("colour", colour), y, c);
    }

    private static byte[] Export(ModelTask task, int seed = 3, string l2 = "0.1")
    {
        var (batch, values, classes) = Data(2000, seed);
        var options = LogisticRegressionOptions.Parse(new Dictionary<string, string> { ["l2"] = l2, ["minCategoryCount"] = "1" });
        var mapping = task == ModelTask.Regression ? Regression : Multiclass;
        return LinearOnnxExporter.ToBytes(BuiltInTrainer.FitLinear("linear", task, batch, task == ModelTask.Regression ? values : classes, mapping, options));
    }

    private static float[] Score(byte[] onnx, FeatureMapping mapping, FeatureBatch batch)
    {
        var path = Path.Combine(Path.GetTempPath(), $"linear-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, onnx);
        try
        {
            using var scorer = ModelScorer.Open(path, mapping);
            return scorer.Score(batch);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(ModelTask.Regression)]
    [InlineData(ModelTask.Multiclass)]
    public void Export_SameDataAndHyperparameters_SameBytes(ModelTask task)
    {
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Export(task))), Convert.ToHexString(SHA256.HashData(Export(task))));
        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(Export(task))), Convert.ToHexString(SHA256.HashData(Export(task, seed: 4))));
    }

    [Fact]
    public void Ridge_ScoredByOnnxRuntime_RecoversTheLinearTargetWithImputationAndOneHotInside()
    {
        var (batch, values, _) = Data(300, seed: 9);
        var predicted = Score(Export(ModelTask.Regression), Regression, batch);
        Assert.Equal(batch.Rows, predicted.Length);
        var rmse = Math.Sqrt(predicted.Zip(values).Average(p => (p.First - p.Second) * (p.First - p.Second)));
        // Missing x2 rows are imputed with the training median (≈ 0), which the generator also used: every row is predictable.
        Assert.True(rmse < 0.2, $"ridge RMSE {rmse} on the synthetic linear target; expected < 0.2");
    }

    [Fact]
    public void Multinomial_ScoredByOnnxRuntime_GivesDistributionsThatClassifyWell()
    {
        var (batch, _, classes) = Data(300, seed: 9);
        var probabilities = Score(Export(ModelTask.Multiclass), Multiclass, batch);
        Assert.Equal(batch.Rows * 3, probabilities.Length);
        var correct = 0;
        for (var r = 0; r < batch.Rows; r++)
        {
            var row = probabilities.AsSpan(r * 3, 3);
            Assert.InRange(row[0] + row[1] + row[2], 0.999f, 1.001f);
            var best = row.IndexOf(MathF.Max(row[0], MathF.Max(row[1], row[2])));
            if (best == (int)classes[r]) correct++;
        }
        Assert.True(correct / (double)batch.Rows > 0.9, $"accuracy {correct / (double)batch.Rows}; expected > 0.9");
    }

    [Fact]
    public void Multinomial_HeavyPenalty_ReducesToTheClassPriors()
    {
        // Weights are penalised, intercepts are not: every row gets (nearly) the training class shares, whatever its inputs.
        var (batch, _, _) = Data(50, seed: 9);
        var (_, _, trainClasses) = Data(2000, seed: 3);
        var probabilities = Score(Export(ModelTask.Multiclass, l2: "1000000"), Multiclass, batch);
        for (var c = 0; c < 3; c++)
        {
            var prior = trainClasses.Count(y => (int)y == c) / (double)trainClasses.Length;
            for (var r = 0; r < batch.Rows; r++) Assert.InRange(probabilities[r * 3 + c], prior - 0.01, prior + 0.01);
        }
    }

    [Fact]
    public void Multinomial_OneScorerManyBatchSizes_SameProbabilitiesAsOneBatch()
    {
        // A served model scores batches of every size on one scorer (the batcher joins requests): its [N,K] output must follow N.
        // After the move to the ONNX Runtime package an output bound once kept its first shape, and every later size failed.
        var (batch, _, _) = Data(40, seed: 5);
        var path = Path.Combine(Path.GetTempPath(), $"linear-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Export(ModelTask.Multiclass));
        try
        {
            using var scorer = ModelScorer.Open(path, Multiclass);
            var whole = scorer.Score(batch);
            var pieces = new float[whole.Length];
            var start = 0;
            foreach (var size in new[] { 1, 3, 1, 7, 2, 26 })
            {
                scorer.Score(batch, start, size, pieces.AsSpan(start * 3, size * 3));
                start += size;
            }
            Assert.Equal(batch.Rows, start);
            for (var i = 0; i < whole.Length; i++) Assert.Equal(whole[i], pieces[i], 1e-6f);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
