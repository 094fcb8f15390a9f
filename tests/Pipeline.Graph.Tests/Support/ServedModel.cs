using System.Text.Json;
using Pipeline.Benchmarking.Load;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Onnx.Scoring;
using Pipeline.Training.Datasets;

namespace Pipeline.Graph.Tests.Support;

/// <summary>What a live endpoint answers for a model's first holdout rows, against what an ONNX file predicts for them in-process.</summary>
public static class ServedModel
{
    private const int Rows = 16;

    /// <summary>Predictions of <c>POST {endpoint}/v1/models/{model}:predict</c> for the first holdout rows.</summary>
    public static async Task<float[]> PredictAsync(string root, string model, string endpoint)
    {
        var batch = Holdout(root, model);
        var body = PredictBodies.FromBatch(batch, rowsPerRequest: Rows, maxBodies: 1)[0];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsync($"{endpoint.TrimEnd('/')}/v1/models/{model}:predict", new ByteArrayContent(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{endpoint} answered {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        // A multiclass answer is one object per row: its class probabilities, in class order, are what the ONNX file gives.
        return doc.RootElement.GetProperty("predictions").EnumerateArray()
            .SelectMany(p => p.ValueKind == JsonValueKind.Object ? p.GetProperty("probabilities").EnumerateArray().Select(v => v.GetSingle()) : [p.GetSingle()])
            .ToArray();
    }

    /// <summary>What the ONNX file predicts in-process for the same rows.</summary>
    public static float[] Expected(string root, string model, string onnx)
    {
        var layout = new RepositoryLayout(root);
        using var scorer = ModelScorer.Open(onnx, ModelConfigLoader.Load(layout, model).Features);
        return scorer.Score(Holdout(root, model));
    }

    /// <summary>True when every prediction agrees within 1e-4 (the golden-request tolerance).</summary>
    public static bool Same(float[] a, float[] b) => a.Length == b.Length && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-4 + 1e-4 * Math.Abs(p.Second));

    private static Core.Features.FeatureBatch Holdout(string root, string model)
    {
        var layout = new RepositoryLayout(root);
        var batch = ModelDataset.Load(layout, ModelConfigLoader.Load(layout, model)).HoldoutBatch();
        return batch.Slice(0, Math.Min(Rows, batch.Rows));
    }
}
