using Pipeline.Core.Monitoring;

namespace Pipeline.Core.Tests.Monitoring;

/// <summary>The one histogram the model server and the gateway expose and the judge reads: bucket rules and the text format.</summary>
public sealed class PrometheusHistogramTests
{
    [Fact]
    public void Observe_ValueOnABound_CountsInThatBucket_BecauseLeIsInclusive()
    {
        var h = new PrometheusHistogram([0.1, 0.5, 1]);

        h.Observe(0.1);
        h.Observe(0.3);
        h.Observe(1);
        h.Observe(7);

        Assert.Equal([1L, 2L, 3L, 4L], h.Cumulative());
        Assert.Equal(4, h.Count);
        Assert.Equal(8.4, h.Sum, 10);
    }

    [Fact]
    public async Task Observe_FromManyThreads_LosesNothing()
    {
        var h = new PrometheusHistogram([1, 2]);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++) h.Observe(i % 3 + 0.5);
        })));

        Assert.Equal(80_000, h.Count);
        Assert.Equal(8 * (3334 * 0.5 + 3333 * 1.5 + 3333 * 2.5), h.Sum, 6);
        Assert.Equal([26_672L, 53_336L, 80_000L], h.Cumulative());
    }

    [Fact]
    public void WriteTo_WritesCumulativeBucketsInfSumAndCount()
    {
        var h = new PrometheusHistogram([0.25, 1]);
        h.Observe(0.2);
        h.Observe(2);
        var w = new StringWriter();

        h.WriteTo(w, "x_seconds", "route=\"predict\"");

        Assert.Equal(
            "x_seconds_bucket{route=\"predict\",le=\"0.25\"} 1\n" +
            "x_seconds_bucket{route=\"predict\",le=\"1\"} 1\n" +
            "x_seconds_bucket{route=\"predict\",le=\"+Inf\"} 2\n" +
            "x_seconds_sum{route=\"predict\"} 2.2\n" +
            "x_seconds_count{route=\"predict\"} 2\n", w.ToString());
    }

    [Fact]
    public void WriteTo_WithoutLabels_HasNoEmptyBraces()
    {
        var h = new PrometheusHistogram([1]);
        var w = new StringWriter();

        h.WriteTo(w, "x", "");

        Assert.Contains("x_bucket{le=\"1\"} 0\n", w.ToString());
        Assert.Contains("x_sum 0\n", w.ToString());
        Assert.Contains("x_count 0\n", w.ToString());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("c:\\d", "c:\\\\d")]
    [InlineData("line\nbreak", "line\\nbreak")]
    public void Escape_LabelValue_FollowsTheExpositionFormat(string value, string expected) =>
        Assert.Equal(expected, PrometheusFormat.Escape(value));

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    public void Number_UsesInvariantRoundTripAndPrometheusInfinities(double value, string expected) =>
        Assert.Equal(expected, PrometheusFormat.Number(value));
}
