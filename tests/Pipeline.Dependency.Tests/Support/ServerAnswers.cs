using System.Text;
using System.Text.Json;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Model;

namespace Pipeline.Dependency.Tests.Support;

/// <summary>What the real model server (Kestrel on 127.0.0.1, ephemeral port, started in this process) answers for a model's golden rows.</summary>
public static class ServerAnswers
{
    /// <summary>Per row: the probability (binary), the value (regression) or the class probabilities (multiclass) of <c>POST /v1/models/{m}:predict</c>.</summary>
    public static async Task<float[][]> PredictAsync(GoldenModel model)
    {
        var options = new ServingOptions
        {
            Model = model.Onnx, Config = GoldenModel.Layout.ModelFile(model.Name), Version = "1", Port = 0, Host = "127.0.0.1", WarmupRequests = 0,
        };
        await using var log = new JsonLog(Stream.Null, TimeProvider.System);
        var (scorer, served, loadTime) = ModelLoading.Load(options, TimeProvider.System);
        using var _ = scorer;
        await using var server = await ModelServer.StartAsync(options, served, scorer, log, TimeProvider.System, loadTime);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        var body = $"{{\"instances\":{model.RowsJson()}}}";
        using var response = await http.PostAsync($"/v1/models/{model.Name}:predict", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"the server answered {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.Object
                ? p.GetProperty("probabilities").EnumerateArray().Select(v => v.GetSingle()).ToArray()
                : [p.GetSingle()])
            .ToArray();
    }
}
