using System.Globalization;
using System.Text;
using Pipeline.Core.Features;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Training.Datasets;

namespace Pipeline.Graph.Tests.Support;

/// <summary>Production traffic for a released model: generated rows (optionally drifted) sent one request each through the gateway with
/// a new, valid key as x-request-id, then their true outcomes fed back through the gateway.</summary>
public static class LiveTrafficSender
{
    /// <summary>Sends <paramref name="rows"/> generated rows and their outcomes; returns how many outcomes the gateway accepted.</summary>
    public static async Task<int> SendWithOutcomesAsync(string root, string model, string endpoint, int rows, int seed, DriftOptions drift, long firstId)
    {
        var layout = new RepositoryLayout(root);
        var config = ModelConfigLoader.Load(layout, model);
        var contract = DataContractLoader.Load(layout.ContractFile(config.Data.Contract));
        var file = Path.Combine(root, ".nuke", "temp", $"traffic-{seed}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        GeneratedDataset.Write(file, "transactions", rows, seed, drift);
        // Drifted rows may break the contract (a new category): they are still traffic, so the loader may not reject them.
        var data = ModelDataset.Load(file, contract with { Dataset = contract.Dataset with { MaxRejectedShare = 1 } }, config);
        var batch = data.Table.ToFeatureBatch(config.Features);
        var labels = data.Table.Labels(config.Data.Label);
        var ids = Enumerable.Range(0, rows).Select(i => "t" + (firstId + i).ToString("D9", CultureInfo.InvariantCulture)).ToArray();

        using var http = new HttpClient { BaseAddress = new Uri(endpoint.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/models/{model}:predict") { Content = new StringContent(Body(batch, i), Encoding.UTF8, "application/json") };
            request.Headers.Add("x-request-id", ids[i]);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"predict {ids[i]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
        var accepted = 0;
        for (var start = 0; start < rows; start += 250)
        {
            var items = Enumerable.Range(start, Math.Min(250, rows - start)).Select(i => $"{{\"id\":\"{ids[i]}\",\"label\":{(labels[i] > 0.5f ? 1 : 0)}}}");
            using var response = await http.PostAsync($"v1/models/{model}/feedback", new StringContent("[" + string.Join(",", items) + "]", Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"feedback: {(int)response.StatusCode} {text}");
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            accepted += doc.RootElement.GetProperty("accepted").GetInt32();
        }
        return accepted;
    }

    private static string Body(FeatureBatch rows, int r)
    {
        var sb = new StringBuilder("{\"instances\":[{");
        var first = true;
        foreach (var (name, values) in rows.Numeric)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append('"').Append(name).Append("\":").Append(float.IsNaN(values[r]) ? "null" : values[r].ToString("R", CultureInfo.InvariantCulture));
        }
        foreach (var (name, values) in rows.Categorical)
            sb.Append(",\"").Append(name).Append("\":").Append(values[r] is null ? "null" : "\"" + values[r] + "\"");
        return sb.Append("}]}").ToString();
    }
}
