using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Tests.Metrics;

/// <summary>The sort-once path must give bit-identical values to sorting per metric and per segment (the previous definitions).</summary>
public sealed class SharedOrderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(1000)]
    public void RadixOrder_EqualsArraySort_IncludingTiesAndSpecialValues(int roundTo)
    {
        var (scores, _) = DeLongTests.Sample(5000, seed: 11, signal: 1.0, roundTo);
        scores[0] = float.NaN; scores[1] = -0f; scores[2] = 0f; scores[3] = float.NegativeInfinity; scores[4] = float.PositiveInfinity;
        scores[5] = -3.5f; scores[6] = 7f; scores[7] = float.NaN; scores[8] = float.Epsilon; scores[9] = -float.Epsilon;
        var expected = (float[])scores.Clone();
        Array.Sort(expected);
        var order = RadixSort.Ascending(scores);
        Assert.Equal(scores.Length, order.Distinct().Count());
        for (var t = 0; t < order.Length; t++)
        {
            var actual = scores[order[t]];
            Assert.True(actual.Equals(expected[t]) || actual == expected[t], $"position {t}: {actual} vs {expected[t]}");
            // Stable: equal scores keep row order.
            if (t > 0 && BitConverter.SingleToInt32Bits(scores[order[t - 1]]) == BitConverter.SingleToInt32Bits(actual))
                Assert.True(order[t - 1] < order[t]);
        }
    }

    [Theory]
    [InlineData(0, 0.3)]
    [InlineData(20, 1.0)]
    [InlineData(3, 0.5)]
    public void SharedOrder_GivesSameValuesAsSortingPerMetric(int roundTo, double signal)
    {
        var (scores, labels) = DeLongTests.Sample(20_000, seed: roundTo + 1, signal, roundTo);
        Assert.Equal(ReferenceAveragePrecision(scores, labels), ScoreMetrics.AveragePrecision(scores, labels));
        Assert.Equal(ReferenceMaxF1(scores, labels), ThresholdSelector.Select("max-f1", 0, scores, labels));
        Assert.Equal(ReferenceDeLongAuc(scores, labels), DeLong.Compute(scores, labels).Auc);
    }

    [Fact]
    public void SegmentsFromPartition_EqualSegmentsSortedOnTheirOwn()
    {
        var (scores, labels) = DeLongTests.Sample(30_000, seed: 4, signal: 0.9, roundTo: 50);
        var random = new Random(8);
        var groupOf = new int[scores.Length];
        for (var i = 0; i < groupOf.Length; i++) groupOf[i] = random.Next(5);
        var parts = ScoreOrder.Create(scores, labels).Partition(groupOf, 5);
        for (var g = 0; g < 5; g++)
        {
            var rows = Enumerable.Range(0, scores.Length).Where(i => groupOf[i] == g).ToArray();
            var s = rows.Select(i => scores[i]).ToArray();
            var l = rows.Select(i => labels[i]).ToArray();
            Assert.Equal(s, parts[g].Scores);
            Assert.Equal(l, parts[g].Labels);
            Assert.Equal(MetricCalculator.Compute(s, l, 0.4), MetricCalculator.Compute(parts[g], 0.4));
            Assert.Equal(ReferenceAveragePrecision(s, l), MetricCalculator.Compute(parts[g], 0.4).PrAuc);
            Assert.Equal(ReferenceDeLongAuc(s, l), MetricCalculator.Compute(parts[g], 0.4).Auc);
        }
    }

    // The previous implementations, each sorting with Array.Sort.

    private static double ReferenceAveragePrecision(float[] s, float[] y)
    {
        var order = Enumerable.Range(0, s.Length).ToArray();
        Array.Sort(s.Select(v => -v).ToArray(), order);
        long positives = y.Count(v => v > 0.5f);
        long tp = 0, seen = 0;
        double ap = 0, lastRecall = 0;
        var i = 0;
        while (i < order.Length)
        {
            var current = s[order[i]];
            while (i < order.Length && s[order[i]] == current)
            {
                if (y[order[i]] > 0.5f) tp++;
                seen++;
                i++;
            }
            var recall = (double)tp / positives;
            ap += (recall - lastRecall) * ((double)tp / seen);
            lastRecall = recall;
        }
        return ap;
    }

    private static double ReferenceMaxF1(float[] s, float[] y)
    {
        var order = Enumerable.Range(0, s.Length).ToArray();
        Array.Sort(s.Select(v => -v).ToArray(), order);
        long positives = y.Count(v => v > 0.5f), tp = 0, fp = 0;
        double best = -1, threshold = 0.5;
        var i = 0;
        while (i < order.Length)
        {
            var t = s[order[i]];
            while (i < order.Length && s[order[i]] == t)
            {
                if (y[order[i]] > 0.5f) tp++; else fp++;
                i++;
            }
            var f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + (positives - tp));
            if (f1 > best) { best = f1; threshold = t; }
        }
        return threshold;
    }

    private static double ReferenceDeLongAuc(float[] scores, float[] labels)
    {
        var n = scores.Length;
        var keys = (float[])scores.Clone();
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(keys, order);
        long m = labels.Count(v => v > 0.5f), k = n - m, negativesBelow = 0;
        double sum = 0;
        var g = 0;
        while (g < n)
        {
            var end = g;
            while (end + 1 < n && keys[end + 1] == keys[g]) end++;
            long tiedPositives = 0, tiedNegatives = 0;
            for (var t = g; t <= end; t++)
                if (labels[order[t]] > 0.5f) tiedPositives++; else tiedNegatives++;
            var forPositive = (negativesBelow + tiedNegatives / 2.0) / k;
            for (var t = 0; t < tiedPositives; t++) sum += forPositive; // per positive row, as the previous loop added

            negativesBelow += tiedNegatives;
            g = end + 1;
        }
        return sum / m;
    }
}
