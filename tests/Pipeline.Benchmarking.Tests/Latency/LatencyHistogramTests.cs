using Pipeline.Benchmarking.Latency;

namespace Pipeline.Benchmarking.Tests.Latency;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_UniformOneToTenThousand_WithinOnePercent()
    {
        var h = new LatencyHistogram();
        for (var v = 1; v <= 10_000; v++) h.RecordMicroseconds(v);
        Assert.Equal(10_000, h.Count);
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            var expected = p / 100 * 10_000;
            var observed = h.PercentileMicroseconds(p);
            Assert.InRange(observed, expected, expected * 1.01);
        }
        Assert.Equal(5000.5, h.MeanMicroseconds, 3);
        Assert.Equal(10_000, h.MaxMicroseconds);
        Assert.Equal(1, h.MinMicroseconds);
    }

    [Fact]
    public void IndexAndBounds_EveryMagnitude_ValueLiesInItsBucket()
    {
        var random = new Random(3);
        for (var i = 0; i < 100_000; i++)
        {
            var v = (long)Math.Exp(random.NextDouble() * Math.Log(1L << 38));
            var index = LatencyHistogram.IndexOf(v);
            Assert.InRange(v, LatencyHistogram.LowerBoundOf(index), LatencyHistogram.UpperBoundOf(index));
            Assert.True(LatencyHistogram.UpperBoundOf(index) - LatencyHistogram.LowerBoundOf(index) <= Math.Max(1, v / 127));
        }
    }

    [Fact]
    public void Add_TwoHistograms_EqualsRecordingEverythingInOne()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        var random = new Random(1);
        for (var i = 0; i < 5000; i++)
        {
            var v = random.Next(1, 1_000_000);
            (i % 2 == 0 ? a : b).RecordMicroseconds(v);
            all.RecordMicroseconds(v);
        }
        a.Add(b);
        var (expected, actual) = (all.Summarize(), a.Summarize());
        IReadOnlyList<LatencyBin> none = [];   // the record compares Bins by reference: compare the rest, then the bins by value
        Assert.Equal(expected with { Bins = none }, actual with { Bins = none });
        Assert.Equal(expected.Bins, actual.Bins);
        Assert.NotEmpty(actual.Bins);
        Assert.Equal(all.Buckets(), a.Buckets());
    }

    [Fact]
    public void Percentile_SlowTail_Visible()
    {
        var h = new LatencyHistogram();
        for (var i = 0; i < 990; i++) h.Record(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 10; i++) h.Record(TimeSpan.FromMilliseconds(500));
        Assert.InRange(h.PercentileMs(50), 1, 1.01);
        Assert.InRange(h.PercentileMs(99), 1, 1.01);
        Assert.InRange(h.PercentileMs(99.9), 500, 505);
    }
}
