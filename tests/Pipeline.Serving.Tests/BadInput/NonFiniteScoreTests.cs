using System.Net;
using System.Text.Json;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.BadInput;

/// <summary>Issue 24 item 3: a null in a column the model does not impute makes its score NaN, which JSON cannot carry.</summary>
public sealed class NonFiniteScoreTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(o => o with { Batching = false }, writeModel: TestModels.WriteModelWithoutImputation);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Rows without any null (the model under test imputes nothing).</summary>
    private static Pipeline.Core.Features.FeatureBatch CompleteRows(int count, int seed = 5)
    {
        var rows = TestModels.Rows(count, seed);
        foreach (var values in rows.Numeric.Values)
            for (var r = 0; r < count; r++) if (float.IsNaN(values[r])) values[r] = 40;
        return rows;
    }

    /// <summary>Two rows; the second has "amount" null.</summary>
    private static Pipeline.Core.Features.FeatureBatch RowsWithNullAmount()
    {
        var rows = CompleteRows(2);
        rows.Numeric["amount"][1] = float.NaN;
        return rows;
    }

    [Theory]
    [InlineData("/v1/models/fraud-detector:predict")]
    [InlineData("/v2/models/fraud-detector/infer")]
    public async Task Score_NullInColumnWithoutImputation_422NamingRowAndColumnNotAnException(string path)
    {
        var rows = RowsWithNullAmount();
        var body = path.StartsWith("/v1", StringComparison.Ordinal) ? Requests.V1(rows) : Requests.V2(rows);

        var response = await _server.PostJsonAsync(path, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Contains("row 1", root.GetProperty("error").GetString());
        var detail = Assert.Single(root.GetProperty("details").EnumerateArray());
        Assert.Equal("row 1", detail.GetProperty("field").GetString());
        Assert.Contains("NaN", detail.GetProperty("problem").GetString());
        Assert.Contains("amount", detail.GetProperty("problem").GetString());
        Assert.Contains("send a number", detail.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Metrics_AfterNaNScores_ScoreSumStaysFiniteAndCountsOnlyAnsweredRows()
    {
        for (var i = 0; i < 3; i++) await _server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(RowsWithNullAmount()));
        var ok = await _server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(CompleteRows(4, seed: 9)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var text = await _server.Client.GetStringAsync("/metrics");

        var sum = MetricsText.Value(text, "pipeline_prediction_score_sum");
        Assert.True(sum is { } s && double.IsFinite(s), $"pipeline_prediction_score_sum = {sum}");
        // 3 × 1 finite row of the failed requests (the row that scored) + 4 rows answered.
        Assert.Equal(7, MetricsText.Value(text, "pipeline_prediction_score_count"));
        Assert.DoesNotContain("NaN", text.Split('\n').Where(l => l.StartsWith("pipeline_prediction_score", StringComparison.Ordinal)));
    }
}
