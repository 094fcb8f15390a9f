using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;
using Pipeline.Training.Tests.Support;

namespace Pipeline.Training.Tests.LogisticRegression;

public sealed class NewtonSolverTests
{
    [Fact]
    public void Fit_ConvergesToStationaryPointOfPenalisedObjective()
    {
        var (batch, labels) = SyntheticData.Make(5000, seed: 1);
        var plan = PreprocessingFitter.Fit(batch, SyntheticData.Numeric, SyntheticData.Categorical);
        var x = DesignMatrix.Build(plan, batch);
        var options = new LogisticRegressionOptions { L2 = 2.0 };
        var fit = NewtonSolver.Fit(x, labels, options);
        Assert.True(fit.Converged);
        Assert.InRange(fit.Iterations, 2, 30);

        // Independent gradient: Σ (p − y) x + λ w must vanish at the optimum.
        var grad = new double[x.Width + 1];
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            var z = fit.Intercept;
            for (var j = 0; j < x.Width; j++) z += fit.Weights[j] * row[j];
            var residual = 1 / (1 + Math.Exp(-z)) - labels[r];
            for (var j = 0; j < x.Width; j++) grad[j] += residual * row[j];
            grad[^1] += residual;
        }
        for (var j = 0; j < x.Width; j++) grad[j] += options.L2 * fit.Weights[j];
        Assert.All(grad, g => Assert.True(Math.Abs(g) < 1e-4, $"gradient component {g}"));
    }

    [Fact]
    public void Fit_RecoversSignsOfTrueCoefficients()
    {
        var (batch, labels) = SyntheticData.Make(20_000, seed: 2);
        var plan = PreprocessingFitter.Fit(batch, SyntheticData.Numeric, SyntheticData.Categorical);
        var fit = NewtonSolver.Fit(DesignMatrix.Build(plan, batch), labels, new LogisticRegressionOptions());
        var names = plan.FeatureNames.ToList();
        Assert.True(fit.Weights[names.IndexOf("x1")] > 1.0);   // true 1.5 per unit, x1 has sd 1
        Assert.True(fit.Weights[names.IndexOf("x2")] < -0.5);  // true −0.2 per unit, sd 5
        Assert.True(fit.Weights[names.IndexOf("colour=red")] > fit.Weights[names.IndexOf("colour=blue")] + 0.5);
        Assert.True(fit.Weights[names.IndexOf("x3_missing")] > 0);
    }

    [Fact]
    public void Fit_StrongerPenalty_ShrinksWeights()
    {
        var (batch, labels) = SyntheticData.Make(3000, seed: 3);
        var plan = PreprocessingFitter.Fit(batch, SyntheticData.Numeric, SyntheticData.Categorical);
        var x = DesignMatrix.Build(plan, batch);
        var weak = NewtonSolver.Fit(x, labels, new LogisticRegressionOptions { L2 = 0.01 });
        var strong = NewtonSolver.Fit(x, labels, new LogisticRegressionOptions { L2 = 1000 });
        Assert.True(strong.Weights.Sum(w => w * w) < weak.Weights.Sum(w => w * w) / 4);
    }

    [Fact]
    public void Options_Parse_UnknownAndInvalid_ListsAllWithFix()
    {
        var e = Assert.Throws<ArgumentException>(() => LogisticRegressionOptions.Parse(new Dictionary<string, string> { ["l2"] = "-1", ["depth"] = "3" }));
        Assert.Contains("source.hyperparameters.l2: \"-1\" must be >= 0", e.Message);
        Assert.Contains("source.hyperparameters.depth: unknown", e.Message);
        Assert.Equal(0.5, LogisticRegressionOptions.Parse(new Dictionary<string, string> { ["l2"] = "0.5" }).L2);
    }
}
