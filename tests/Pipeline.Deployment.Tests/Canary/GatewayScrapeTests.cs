using Pipeline.Deployment.Canary;

namespace Pipeline.Deployment.Tests.Canary;

public sealed class GatewayScrapeTests
{
    private const string Scrape = """
        # HELP pipeline_gateway_requests_total Requests sent to each variant.
        # TYPE pipeline_gateway_requests_total counter
        pipeline_gateway_requests_total{variant="canary",version="v2"} 40
        pipeline_gateway_requests_total{variant="stable",version="v1"} 360
        pipeline_gateway_errors_total{variant="canary",version="v2"} 8
        pipeline_gateway_errors_total{variant="stable",version="v1"} 1
        pipeline_gateway_request_duration_seconds_bucket{variant="stable",version="v1",le="0.01"} 300
        pipeline_gateway_request_duration_seconds_bucket{variant="stable",version="v1",le="0.1"} 355
        pipeline_gateway_request_duration_seconds_bucket{variant="stable",version="v1",le="+Inf"} 360
        pipeline_gateway_request_duration_seconds_sum{variant="stable",version="v1"} 2.5
        pipeline_gateway_prediction_score_bucket{variant="stable",version="v1",le="0.5"} 350
        pipeline_gateway_prediction_score_bucket{variant="stable",version="v1",le="+Inf"} 359
        pipeline_gateway_shadow_comparisons_total 0
        pipeline_gateway_upstream_info{variant="stable",version="v1",url="http://127.0.0.1:5000",strategy="canary"} 1
        """;

    [Fact]
    public void Parse_LabelsWithEscapesAndSpecialValues_ReadsEveryLine()
    {
        var samples = PrometheusTextParser.Parse("a{x=\"q\\\"uote\",y=\"b\"} +Inf\nb 3.5\n# comment\n");
        Assert.Equal(2, samples.Count);
        Assert.Equal("q\"uote", samples[0].Label("x"));
        Assert.True(double.IsPositiveInfinity(samples[0].Value));
        Assert.Equal(3.5, samples[1].Value);
    }

    [Fact]
    public void Parse_Garbage_ThrowsNamingTheLine()
    {
        var e = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("ok 1\nbad{x=\"1\"} notanumber"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Read_StableVariant_CountersAndHistograms()
    {
        var stable = GatewayScrape.Read(PrometheusTextParser.Parse(Scrape), "stable");
        Assert.Equal(360, stable.Requests);
        Assert.Equal(1, stable.Errors);
        Assert.Equal([300L, 55, 5], stable.Latency.Counts);
        Assert.Equal(359, stable.Scores.Total);
    }

    [Fact]
    public void Read_CanaryWithoutHistogramSeries_EmptyHistogramsWithSharedBounds()
    {
        var canary = GatewayScrape.Read(PrometheusTextParser.Parse(Scrape), "canary");
        Assert.Equal(40, canary.Requests);
        Assert.Equal(0, canary.Latency.Total);
        Assert.Equal([0.01, 0.1], canary.Latency.UpperBounds);
    }

    [Fact]
    public void Since_EarlierScrape_GivesIncrements()
    {
        var samples = PrometheusTextParser.Parse(Scrape);
        var later = GatewayScrape.Read(samples, "stable");
        var earlier = later with { Requests = 100, Errors = 0 };
        var delta = later.Since(earlier);
        Assert.Equal(260, delta.Requests);
        Assert.Equal(1, delta.Errors);
    }
}
