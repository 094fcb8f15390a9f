using MathNet.Numerics.LinearAlgebra;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Training.LogisticRegression;

/// <summary>
/// L2-regularised logistic regression fitted by Newton's method (IRLS) with backtracking line search; the Newton system is solved
/// by MathNet's Cholesky decomposition. Row passes run in fixed-size chunks summed in chunk order, so the result is bit-identical
/// whatever the number of cores.
/// </summary>
public static class NewtonSolver
{
    private const int ChunkRows = 32_768;

    public static LogisticFit Fit(DesignMatrix x, ReadOnlySpan<float> labels, LogisticRegressionOptions options, CancellationToken cancellationToken = default)
    {
        if (labels.Length != x.Rows) throw new ArgumentException($"{labels.Length} labels for {x.Rows} rows", nameof(labels));
        if (x.Rows == 0) throw new ArgumentException("no training rows", nameof(x));
        var y = labels.ToArray();
        var d = x.Width + 1; // last coefficient is the intercept
        var beta = new double[d];
        // Start from the base rate so the first step is small on imbalanced data.
        var positives = y.Sum(v => (double)v);
        var rate = Math.Clamp(positives / y.Length, 1e-6, 1 - 1e-6);
        beta[d - 1] = Math.Log(rate / (1 - rate));

        var (loss, grad, hess) = Pass(x, y, beta, options.L2, withHessian: true);
        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            var h = Matrix<double>.Build.DenseOfArray(hess);
            var g = Vector<double>.Build.DenseOfArray(grad);
            Vector<double> step;
            try { step = h.Cholesky().Solve(g); }
            catch (ArgumentException) { step = h.Add(Matrix<double>.Build.DenseIdentity(d) * 1e-6).Cholesky().Solve(g); }
            var decrement = g.DotProduct(step) / 2;
            if (decrement < options.Tolerance) { converged = true; break; }

            var t = 1.0;
            double[] candidate;
            double candidateLoss;
            while (true)
            {
                candidate = new double[d];
                for (var j = 0; j < d; j++) candidate[j] = beta[j] - t * step[j];
                candidateLoss = Pass(x, y, candidate, options.L2, withHessian: false).Loss;
                if (candidateLoss <= loss - 0.25 * t * 2 * decrement || t < 1e-8) break;
                t /= 2;
            }
            beta = candidate;
            (loss, grad, hess) = Pass(x, y, beta, options.L2, withHessian: true);
        }
        var penalty = 0.0;
        for (var j = 0; j < d - 1; j++) penalty += beta[j] * beta[j];
        return new LogisticFit
        {
            Weights = beta[..^1],
            Intercept = beta[^1],
            Iterations = iterations,
            Converged = converged,
            TrainingLogLoss = (loss - options.L2 / 2 * penalty) / x.Rows,
        };
    }

    /// <summary>One pass over the rows: penalised loss, gradient and (optionally) Hessian of the objective.</summary>
    private static (double Loss, double[] Grad, double[,] Hess) Pass(DesignMatrix x, float[] y, double[] beta, double l2, bool withHessian)
    {
        var d = beta.Length;
        var w = x.Width;
        var chunks = (x.Rows + ChunkRows - 1) / ChunkRows;
        var losses = new double[chunks];
        var grads = new double[chunks][];
        var hessians = withHessian ? new double[chunks][] : null;
        Parallel.For(0, chunks, c =>
        {
            var start = c * ChunkRows;
            var end = Math.Min(x.Rows, start + ChunkRows);
            var gradient = new double[d];
            var hessian = withHessian ? new double[d * d] : null;
            // Rows are sparse (one-hot blocks, zero indicators): work on the non-zero entries only, plus the intercept.
            var index = new int[d];
            var value = new double[d];
            double chunkLoss = 0;
            var values = x.Values;
            for (var r = start; r < end; r++)
            {
                var offset = (long)r * w;
                var z = beta[d - 1];
                var nnz = 0;
                for (var j = 0; j < w; j++)
                {
                    var v = values[offset + j];
                    if (v == 0) continue;
                    index[nnz] = j;
                    value[nnz++] = v;
                    z += beta[j] * v;
                }
                index[nnz] = d - 1;
                value[nnz++] = 1;
                // Numerically stable log(1 + e^z) - y z.
                var softplus = z > 0 ? z + double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z));
                chunkLoss += softplus - y[r] * z;
                var p = 1 / (1 + Math.Exp(-z));
                var residual = p - y[r];
                for (var k = 0; k < nnz; k++) gradient[index[k]] += residual * value[k];
                if (hessian is null) continue;
                var weight = p * (1 - p);
                for (var a = 0; a < nnz; a++)
                {
                    var wa = weight * value[a];
                    var baseIndex = index[a] * d;
                    for (var b = a; b < nnz; b++) hessian[baseIndex + index[b]] += wa * value[b];
                }
            }
            losses[c] = chunkLoss;
            grads[c] = gradient;
            if (hessians is not null) hessians[c] = hessian!;
        });

        var loss = 0.0;
        var grad = new double[d];
        var hess = new double[d, d];
        for (var c = 0; c < chunks; c++)
        {
            loss += losses[c];
            for (var j = 0; j < d; j++) grad[j] += grads[c][j];
            if (hessians is null) continue;
            var hc = hessians[c];
            for (var i = 0; i < d; i++)
                for (var j = i; j < d; j++) hess[i, j] += hc[i * d + j];
        }
        for (var j = 0; j < d - 1; j++)
        {
            loss += l2 / 2 * beta[j] * beta[j];
            grad[j] += l2 * beta[j];
            if (withHessian) hess[j, j] += l2;
        }
        if (withHessian)
        {
            for (var i = 0; i < d; i++)
                for (var j = 0; j < i; j++) hess[i, j] = hess[j, i];
        }
        return (loss, grad, hess);
    }
}
