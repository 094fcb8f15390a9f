using Pipeline.Core.Features;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Testing.Traffic;
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
        var ids = LiveTraffic.Ids(rows, firstId);

        using var http = new HttpClient { BaseAddress = new Uri(endpoint.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        await LiveTraffic.SendAsync(http, model, batch, ids);
        var accepted = 0;
        foreach (var answer in await LiveTraffic.FeedbackAsync(http, $"v1/models/{model}/feedback", ids, labels, batchSize: 250))
            accepted += answer.TryGetProperty("accepted", out var n) ? n.GetInt32() : throw new InvalidOperationException($"feedback refused: {answer}");
        return accepted;
    }
}
