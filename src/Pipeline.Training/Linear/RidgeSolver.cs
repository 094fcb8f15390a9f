using MathNet.Numerics.LinearAlgebra;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Training.Linear;

/// <summary>Ridge regression in closed form: (XᵀX + λI)w = Xᵀ(y − ȳ) on the centred design, intercept unpenalised. Deterministic.</summary>
public static class RidgeSolver
{
    public static LinearFit Fit(DesignMatrix x, float[] y, double l2)
    {
        if (x.Rows != y.Length) throw new ArgumentException($"{x.Rows} design rows for {y.Length} labels");
        if (x.Rows == 0) throw new ArgumentException("no training rows");
        var d = x.Width;
        var means = new double[d];
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (var j = 0; j < d; j++) means[j] += row[j];
        }
        for (var j = 0; j < d; j++) means[j] /= x.Rows;
        var yMean = y.Average(v => (double)v);
        var gram = Matrix<double>.Build.Dense(d, d);
        var rhs = Vector<double>.Build.Dense(d);
        var centred = new double[d];
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (var j = 0; j < d; j++) centred[j] = row[j] - means[j];
            var target = y[r] - yMean;
            for (var i = 0; i < d; i++)
            {
                rhs[i] += centred[i] * target;
                for (var j = i; j < d; j++) gram[i, j] += centred[i] * centred[j];
            }
        }
        for (var i = 0; i < d; i++)
        {
            gram[i, i] += Math.Max(l2, 1e-9);
            for (var j = 0; j < i; j++) gram[i, j] = gram[j, i];
        }
        var w = gram.Cholesky().Solve(rhs).ToArray();
        var intercept = yMean - w.Select((v, j) => v * means[j]).Sum();
        double sse = 0;
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            var p = intercept;
            for (var j = 0; j < d; j++) p += w[j] * row[j];
            sse += (p - y[r]) * (p - y[r]);
        }
        return new LinearFit { Weights = [w], Intercepts = [intercept], Iterations = 1, Converged = true, TrainingLoss = sse / x.Rows };
    }
}
