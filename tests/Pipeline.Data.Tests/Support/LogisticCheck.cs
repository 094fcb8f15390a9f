using Pipeline.Core.Features;

namespace Pipeline.Data.Tests.Support;

/// <summary>A plain logistic regression (standardised numerics, one-hot categories, gradient descent) to measure how learnable a dataset is.</summary>
public static class LogisticCheck
{
    public static double TrainAndScoreAuc(FeatureBatch train, float[] trainLabels, FeatureBatch test, float[] testLabels, int iterations = 300)
    {
        var encoder = Encoder.Fit(train);
        var x = encoder.Encode(train);
        var w = new double[encoder.Width + 1];
        var n = train.Rows;
        var grad = new double[w.Length];
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(grad);
            for (var i = 0; i < n; i++)
            {
                var z = w[^1];
                var row = x[i];
                for (var j = 0; j < row.Length; j++) z += w[j] * row[j];
                var e = 1 / (1 + Math.Exp(-z)) - trainLabels[i];
                for (var j = 0; j < row.Length; j++) grad[j] += e * row[j];
                grad[^1] += e;
            }
            for (var j = 0; j < w.Length; j++) w[j] -= 2.0 * (grad[j] / n + (j < w.Length - 1 ? 1e-4 * w[j] : 0));
        }
        var xt = encoder.Encode(test);
        var scores = xt.Select(row => { var z = w[^1]; for (var j = 0; j < row.Length; j++) z += w[j] * row[j]; return z; }).ToArray();
        return Auc(scores, testLabels);
    }

    public static double Auc(double[] scores, float[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long pos = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] == 1) { rankSum += k + 1; pos++; }
        }
        var neg = scores.Length - pos;
        return (rankSum - pos * (pos + 1) / 2.0) / (pos * (double)neg);
    }

    private sealed class Encoder
    {
        private readonly List<(string Col, double Mean, double Std)> _numeric = [];
        private readonly List<(string Col, string[] Levels)> _categorical = [];

        public int Width => _numeric.Count + _categorical.Sum(c => c.Levels.Length);

        public static Encoder Fit(FeatureBatch b)
        {
            var e = new Encoder();
            foreach (var (col, v) in b.Numeric)
            {
                var ok = v.Where(f => !float.IsNaN(f)).Select(f => (double)f).ToArray();
                var mean = ok.Average();
                var std = Math.Sqrt(ok.Select(f => (f - mean) * (f - mean)).Average());
                e._numeric.Add((col, mean, std > 0 ? std : 1));
            }
            foreach (var (col, v) in b.Categorical) e._categorical.Add((col, v.OfType<string>().Distinct().Order().ToArray()));
            return e;
        }

        public double[][] Encode(FeatureBatch b)
        {
            var rows = new double[b.Rows][];
            for (var i = 0; i < b.Rows; i++)
            {
                var row = new double[Width];
                var j = 0;
                foreach (var (col, mean, std) in _numeric)
                {
                    var f = b.Numeric[col][i];
                    row[j++] = float.IsNaN(f) ? 0 : (f - mean) / std;
                }
                foreach (var (col, levels) in _categorical)
                {
                    var idx = Array.IndexOf(levels, b.Categorical[col][i]);
                    if (idx >= 0) row[j + idx] = 1;
                    j += levels.Length;
                }
                rows[i] = row;
            }
            return rows;
        }
    }
}
