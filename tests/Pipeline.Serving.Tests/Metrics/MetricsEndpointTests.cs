using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterPredictions_ExposesEverySeriesWithModelLabels()
    {
        await using var server = await RunningServer.StartAsync();
        var rows = TestModels.Rows(20);
        Assert.True((await server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(rows))).IsSuccessStatusCode);
        var response = await server.Client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        const string labels = "model=\"fraud-detector\",version=\"7\",variant=\"canary\"";

        Assert.Equal(1, MetricsText.Value(text, "pipeline_requests_total", "route=\"predict\"", "status=\"200\"", labels));
        Assert.Equal(1, MetricsText.Value(text, "pipeline_request_duration_seconds_count", "route=\"predict\"", labels));
        Assert.Equal(20, MetricsText.Value(text, "pipeline_batch_size_sum", labels));
        Assert.Equal(0, MetricsText.Value(text, "pipeline_queue_depth", labels));
        Assert.Equal(20, MetricsText.Value(text, "pipeline_prediction_score_count", labels));
        Assert.Equal(20, MetricsText.Value(text, "pipeline_prediction_score_bucket", "le=\"+Inf\"", labels));
        var ageMissing = rows.Numeric["customer_age"].Count(float.IsNaN);
        Assert.Equal(20 - ageMissing, MetricsText.Value(text, "pipeline_feature_value_count", "feature=\"customer_age\"", labels));
        Assert.Equal(ageMissing, MetricsText.Value(text, "pipeline_feature_missing_total", "feature=\"customer_age\"", labels));
        var amounts = rows.Numeric["amount"].Order().ToArray();
        Assert.Equal(amounts[10], MetricsText.Value(text, "pipeline_feature_value", "feature=\"amount\"", "quantile=\"0.5\"")!.Value, 3);
        Assert.Equal(rows.Categorical["country"].Count(c => c == "US"),
            MetricsText.Value(text, "pipeline_feature_category_total", "feature=\"country\"", "value=\"US\"", labels) ?? 0);
        Assert.Contains("# TYPE pipeline_request_duration_seconds histogram", text);
        Assert.Contains("# TYPE pipeline_feature_value summary", text);
    }
}
