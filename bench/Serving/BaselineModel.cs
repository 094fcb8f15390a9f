using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;
using Pipeline.Core.Features;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Bench.Serving;

/// <summary>One model of the baselines run: its files, how the hand-written servers feed it, and one-row V1 bodies of real rows.</summary>
internal sealed record BaselineModel(string Label, string Name, string ModelFile, string ConfigFile, string? TensorInput, string[] Columns, IReadOnlyList<byte[]> Bodies)
{
    public string PredictPath => $"/v1/models/{Name}:predict";

    /// <summary>The serving tests' fraud model: 6 numeric and 3 string inputs, one [N,1] input per column, probability [N,2].</summary>
    public static BaselineModel Fraud(string folder)
    {
        var modelFile = Path.Combine(folder, "fraud.onnx");
        File.WriteAllBytes(modelFile, TestModels.Build().ToByteArray());
        return new("fraud", "fraud-detector", modelFile, TestModels.WriteConfig(folder), null, [.. TestModels.Numeric, .. TestModels.Categorical],
            PredictBodies.FromBatch(TestModels.Rows(256, seed: 21)));
    }

    /// <summary>The repository's tensor-input MLP (models/breast-cancer: 30 floats → 16 → probability [N,1]) on the rows of its data set.</summary>
    public static BaselineModel BreastCancer(string root)
    {
        var config = Path.Combine(root, "models", "breast-cancer", "model.yaml");
        var columns = Pipeline.Serving.Model.ModelSource.LoadConfig(config).Features.Numeric.ToArray();
        var lines = File.ReadAllLines(Path.Combine(root, "data", "breast-cancer", "breast_cancer.csv"));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Take(256).Select(l => l.Split(',')).ToArray();
        var batch = new FeatureBatch(rows.Length);
        foreach (var c in columns)
        {
            var at = Array.IndexOf(header, c);
            batch.Numeric[c] = rows.Select(r => float.Parse(r[at], CultureInfo.InvariantCulture)).ToArray();
        }
        return new("mlp", "breast-cancer", Path.Combine(root, "models", "breast-cancer", "model.onnx"), config, "input", columns, PredictBodies.FromBatch(batch));
    }

    public async Task<byte[]> AnswerAsync(HttpClient http, int port, int body)
    {
        using var content = new ByteArrayContent(Bodies[body]) { Headers = { ContentType = new("application/json") } };
        using var response = await http.PostAsync($"http://127.0.0.1:{port}{PredictPath}", content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{Label}: HTTP {(int)response.StatusCode} from port {port}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    /// <summary>The hand-written servers must compute what the model server computes: same prediction for the first rows.</summary>
    public async Task CheckSameAnswersAsync(HttpClient http, IReadOnlyDictionary<(string Model, string Kind), ServerProcess> servers)
    {
        for (var body = 0; body < 8; body++)
        {
            var expected = Prediction(await AnswerAsync(http, servers[(Label, "pipeline")].Port, body));
            foreach (var kind in new[] { "idiomatic", "optimised" })
            {
                var got = Prediction(await AnswerAsync(http, servers[(Label, kind)].Port, body));
                if (Math.Abs(got - expected) > 1e-4)
                    throw new InvalidOperationException($"{Label}: the {kind} server answered {got} for row {body}, the model server {expected}: the baseline does not compute the same model");
            }
        }
    }

    private static double Prediction(byte[] answer)
    {
        using var doc = JsonDocument.Parse(answer);
        return doc.RootElement.GetProperty("predictions")[0].GetDouble();
    }
}
