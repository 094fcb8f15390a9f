using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Tests.Judge;

public sealed class HistogramCountsTests
{
    private static readonly double[] Bounds = [0.01, 0.1, 1];

    [Fact]
    public void FromCumulative_PrometheusLeCounts_GivesPerBucketCounts()
    {
        var h = HistogramCounts.FromCumulative(Bounds, [5, 15, 18, 20]);
        Assert.Equal([5L, 10, 3, 2], h.Counts);
        Assert.Equal(20, h.Total);
    }

    [Fact]
    public void Quantile_InterpolatesInsideBucket()
    {
        var h = new HistogramCounts(Bounds, [0, 10, 0, 0]);
        Assert.Equal(0.055, h.Quantile(0.5), 6);
    }

    [Fact]
    public void CountAbove_BoundIndex_CountsHigherBucketsIncludingInf()
    {
        var h = new HistogramCounts(Bounds, [1, 2, 3, 4]);
        Assert.Equal(7, h.CountAbove(1));
    }

    [Fact]
    public void Minus_EarlierScrape_GivesIncrement()
    {
        var later = new HistogramCounts(Bounds, [3, 4, 5, 6]);
        var earlier = new HistogramCounts(Bounds, [1, 1, 1, 1]);
        Assert.Equal([2L, 3, 4, 5], later.Minus(earlier).Counts);
    }
}
