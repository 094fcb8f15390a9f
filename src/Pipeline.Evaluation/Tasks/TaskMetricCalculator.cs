namespace Pipeline.Evaluation.Tasks;

/// <summary>
/// Multiclass and regression metrics with 95 % percentile-bootstrap intervals (1 000 resamples of the rows, seeded, so the same
/// scores give the same intervals).
/// </summary>
public static class TaskMetricCalculator
{
    public const int Resamples = 1000;
    private const int Seed = 20_240_601;
    private const double Epsilon = 1e-15;

    public static TaskMetrics Regression(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int[]? rows = null)
    {
        var idx = rows ?? Enumerable.Range(0, labels.Length).ToArray();
        var p = new double[idx.Length];
        var y = new double[idx.Length];
        for (var i = 0; i < idx.Length; i++) { p[i] = predictions[idx[i]]; y[i] = labels[idx[i]]; }
        double Rmse(int[] s) => Math.Sqrt(s.Average(i => (p[i] - y[i]) * (p[i] - y[i])));
        double Mae(int[] s) => s.Average(i => Math.Abs(p[i] - y[i]));
        double Bias(int[] s) => s.Average(i => p[i] - y[i]);
        double R2(int[] s)
        {
            var mean = s.Average(i => y[i]);
            var total = s.Sum(i => (y[i] - mean) * (y[i] - mean));
            var residual = s.Sum(i => (p[i] - y[i]) * (p[i] - y[i]));
            return total > 0 ? 1 - residual / total : 0;
        }
        var residuals = Enumerable.Range(0, p.Length).Select(i => p[i] - y[i]).Order().ToArray();
        return new TaskMetrics
        {
            Task = "regression",
            Rows = p.Length,
            Metrics = [With("rmse", Rmse, p.Length), With("mae", Mae, p.Length), With("r2", R2, p.Length), With("residual_bias", Bias, p.Length)],
            ResidualQuantiles = [.. new[] { 0.05, 0.25, 0.5, 0.75, 0.95 }.Select(q => Quantile(residuals, q))],
        };
    }

    /// <summary><paramref name="probabilities"/> holds K values per row (row-major) for every row; <paramref name="rows"/> selects a segment.</summary>
    public static TaskMetrics Multiclass(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, IReadOnlyList<string> classes, int topK, int[]? rows = null)
    {
        var k = classes.Count;
        var idx = rows ?? Enumerable.Range(0, labels.Length).ToArray();
        var n = idx.Length;
        var label = new int[n];
        var predicted = new int[n];
        var logLoss = new double[n];
        var inTopK = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.Slice(idx[i] * k, k);
            label[i] = (int)labels[idx[i]];
            var best = 0;
            for (var c = 1; c < k; c++) if (row[c] > row[best]) best = c;
            predicted[i] = best;
            logLoss[i] = -Math.Log(Math.Clamp(row[label[i]], Epsilon, 1));
            var higher = 0;
            for (var c = 0; c < k; c++) if (row[c] > row[label[i]]) higher++;
            inTopK[i] = higher < topK;
        }
        double Accuracy(int[] s) => s.Count(i => predicted[i] == label[i]) / (double)s.Length;
        double TopK(int[] s) => s.Count(i => inTopK[i]) / (double)s.Length;
        double LogLoss(int[] s) => s.Average(i => logLoss[i]);
        double MacroF1(int[] s)
        {
            var tp = new int[k];
            var fp = new int[k];
            var fn = new int[k];
            foreach (var i in s)
            {
                if (predicted[i] == label[i]) tp[label[i]]++;
                else { fp[predicted[i]]++; fn[label[i]]++; }
            }
            double sum = 0;
            for (var c = 0; c < k; c++) sum += tp[c] == 0 ? 0 : 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
            return sum / k;
        }
        var confusion = new int[k][];
        for (var c = 0; c < k; c++) confusion[c] = new int[k];
        for (var i = 0; i < n; i++) confusion[label[i]][predicted[i]]++;
        var support = confusion.Select(r => r.Sum()).ToArray();
        return new TaskMetrics
        {
            Task = "multiclass",
            Rows = n,
            Metrics =
            [
                With("accuracy", Accuracy, n), With("macro_f1", MacroF1, n), With("log_loss", LogLoss, n),
                With($"top{topK}_accuracy", TopK, n),
            ],
            Classes = classes,
            Confusion = confusion,
            ClassSupport = support,
            ClassRecall = [.. Enumerable.Range(0, k).Select(c => support[c] == 0 ? 0 : confusion[c][c] / (double)support[c])],
        };
    }

    /// <summary>The point value on all rows and the 2.5 / 97.5 % percentiles of the bootstrap distribution.</summary>
    private static TaskMetric With(string name, Func<int[], double> metric, int n)
    {
        var all = Enumerable.Range(0, n).ToArray();
        var value = n == 0 ? double.NaN : metric(all);
        if (n < 2) return new TaskMetric(name, value, value, value);
        var random = new Random(Seed);
        var draws = new double[Resamples];
        var sample = new int[n];
        for (var b = 0; b < Resamples; b++)
        {
            for (var i = 0; i < n; i++) sample[i] = random.Next(n);
            draws[b] = metric(sample);
        }
        Array.Sort(draws);
        return new TaskMetric(name, value, Quantile(draws, 0.025), Quantile(draws, 0.975));
    }

    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
