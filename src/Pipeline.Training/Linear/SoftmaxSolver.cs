using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Training.Linear;

/// <summary>
/// Multinomial (softmax) logistic regression with an L2 penalty on the weights (not the intercepts), fitted with L-BFGS from a zero
/// start: objective = Σ −log p(yᵢ) + λ/2·‖W‖². No random numbers, so the same data and options give the same coefficients.
/// </summary>
public static class SoftmaxSolver
{
    public static LinearFit Fit(DesignMatrix x, float[] labels, int classes, LogisticRegressionOptions options, CancellationToken cancellationToken = default)
    {
        if (x.Rows != labels.Length) throw new ArgumentException($"{x.Rows} design rows for {labels.Length} labels");
        var d = x.Width;
        var k = classes;
        var stride = d + 1;
        var l2 = options.L2;
        var iterations = 0;
        (double, Vector<double>) Objective(Vector<double> theta)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            var t = theta.AsArray() ?? theta.ToArray();
            var grad = new double[t.Length];
            var logits = new double[k];
            double loss = 0;
            for (var r = 0; r < x.Rows; r++)
            {
                var row = x.Row(r);
                var max = double.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var z = t[c * stride + d];
                    for (var j = 0; j < d; j++) z += t[c * stride + j] * row[j];
                    logits[c] = z;
                    max = Math.Max(max, z);
                }
                double sum = 0;
                for (var c = 0; c < k; c++) sum += logits[c] = Math.Exp(logits[c] - max);
                var y = (int)labels[r];
                loss -= Math.Log(Math.Max(logits[y] / sum, 1e-300));
                for (var c = 0; c < k; c++)
                {
                    var err = logits[c] / sum - (c == y ? 1 : 0);
                    for (var j = 0; j < d; j++) grad[c * stride + j] += err * row[j];
                    grad[c * stride + d] += err;
                }
            }
            for (var c = 0; c < k; c++)
                for (var j = 0; j < d; j++)
                {
                    var w = t[c * stride + j];
                    loss += 0.5 * l2 * w * w;
                    grad[c * stride + j] += l2 * w;
                }
            return (loss, Vector<double>.Build.Dense(grad));
        }

        var start = Vector<double>.Build.Dense(k * stride);
        var minimizer = new LimitedMemoryBfgsMinimizer(1e-6 * Math.Max(1, x.Rows), 1e-12, options.Tolerance, 10, Math.Max(options.MaxIterations, 50));
        Vector<double> solution;
        bool converged;
        try
        {
            var result = minimizer.FindMinimum(ObjectiveFunction.Gradient(Objective), start);
            solution = result.MinimizingPoint;
            converged = result.ReasonForExit != ExitCondition.None;
        }
        catch (MaximumIterationsException)
        {
            throw new InvalidOperationException($"multinomial logistic regression did not converge in {Math.Max(options.MaxIterations, 50)} L-BFGS iterations; raise source.hyperparameters.maxIterations or l2");
        }
        var theta = solution.ToArray();
        var (objective, _) = Objective(solution);
        double penalty = 0;
        for (var c = 0; c < k; c++) for (var j = 0; j < d; j++) penalty += 0.5 * l2 * theta[c * stride + j] * theta[c * stride + j];
        return new LinearFit
        {
            Weights = Enumerable.Range(0, k).Select(c => theta.AsSpan(c * stride, d).ToArray()).ToArray(),
            Intercepts = Enumerable.Range(0, k).Select(c => theta[c * stride + d]).ToArray(),
            Iterations = iterations,
            Converged = converged,
            TrainingLoss = (objective - penalty) / Math.Max(1, x.Rows),
        };
    }
}
