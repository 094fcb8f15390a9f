using Pipeline.Core.Features;

namespace Pipeline.Training.Tests.Support;

/// <summary>Small seeded tabular data with a known logistic relationship, missing values and categories.</summary>
internal static class SyntheticData
{
    public static readonly string[] Numeric = ["x1", "x2", "x3"];
    public static readonly string[] Categorical = ["colour"];
    private static readonly string[] Colours = ["red", "green", "blue", "rare"];

    public static (FeatureBatch Batch, float[] Labels) Make(int rows, int seed)
    {
        var random = new Random(seed);
        var x1 = new float[rows];
        var x2 = new float[rows];
        var x3 = new float[rows];
        var colour = new string?[rows];
        var labels = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            x1[i] = (float)Gaussian(random);
            x2[i] = (float)(10 + 5 * Gaussian(random));
            x3[i] = random.NextDouble() < 0.05 ? float.NaN : (float)random.NextDouble();
            var c = random.NextDouble();
            colour[i] = c < 0.01 ? "rare" : c < 0.03 ? null : Colours[random.Next(3)];
            var z = -1 + 1.5 * x1[i] - 0.2 * (x2[i] - 10) + (colour[i] == "red" ? 1 : 0) + (float.IsNaN(x3[i]) ? 1 : x3[i]);
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
        var batch = new FeatureBatch(rows).WithNumeric("x1", x1).WithNumeric("x2", x2).WithNumeric("x3", x3).WithCategorical("colour", colour);
        return (batch, labels);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
