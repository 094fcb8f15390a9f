using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Profiling;
using Pipeline.Data.Validation;
using Pipeline.Monitoring;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Model;
using Pipeline.Serving.Monitoring;
using Pipeline.Testing.Traffic;
using Pipeline.Training;
using Pipeline.Training.Datasets;

namespace Pipeline.Monitoring.Tests.Support;

/// <summary>
/// A released fraud model, made once per test class: the generator's data, the built-in trainer's ONNX model, the training profile
/// (ValidateData's) and the holdout reference (EvaluateGate's scoring); plus real servers that log predictions and take feedback.
/// </summary>
public sealed class TrafficWorld : IDisposable
{
    public TrafficWorld()
    {
        Folder = Directory.CreateTempSubdirectory("pipeline-monitoring-").FullName;
        Layout = RepositoryLayout.Find(Pipeline.Testing.CheckoutRoot.Path);
        ConfigFile = Layout.ModelFile("fraud-detector");
        Config = ModelConfigLoader.Load(Layout, "fraud-detector") with
        {
            Monitoring = new MonitoringPolicy { MinRows = 300, MinFeedback = 300 },
        };
        Contract = DataContractLoader.Load(Layout.ContractFile(Config.Data.Contract));
        TrainingData = Path.Combine(Folder, "train.csv");
        GeneratedDataset.Write(TrainingData, "transactions", 12_000, 7);
        Dataset = ModelDataset.Load(TrainingData, Contract, Config);
        OnnxFile = BuiltInTrainer.Train(Dataset, Path.Combine(Folder, "model.onnx")).OnnxPath;
        Profile = DataValidator.Validate(TrainingData, Contract, new ValidationOptions { Workers = 1 }).Profile;
        Holdout = HoldoutReferences.Compute(Dataset, OnnxFile);
    }

    public string Folder { get; }
    public RepositoryLayout Layout { get; }
    public string ConfigFile { get; }
    public ModelConfig Config { get; }
    public DataContract Contract { get; }
    public string TrainingData { get; }
    public ModelDataset Dataset { get; }
    public string OnnxFile { get; }
    public DatasetProfile Profile { get; }
    public HoldoutReference Holdout { get; }

    public sealed record Server(ModelServer Host, IBatchScorer Scorer, JsonLog Log, PredictionLog PredictionLog, HttpClient Client) : IAsyncDisposable
    {
        public string Url => $"http://127.0.0.1:{Host.Port}";

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Host.DisposeAsync();
            await PredictionLog.DisposeAsync();
            Scorer.Dispose();
            await Log.DisposeAsync();
        }
    }

    /// <summary>A real model server of this model as <paramref name="version"/>, logging into <paramref name="logDirectory"/> with the contract's sensitive marks.</summary>
    public async Task<Server> StartServerAsync(string version, string logDirectory, string variant = "stable")
    {
        var options = new ServingOptions
        {
            Model = OnnxFile, Config = ConfigFile, Version = version, Variant = variant, Port = 0, Host = "127.0.0.1", WarmupRequests = 0,
        };
        var log = new JsonLog(Stream.Null, TimeProvider.System);
        var (scorer, model, loadTime) = ModelLoading.Load(options, TimeProvider.System);
        var predictionLog = PredictionLogSetup.Create(options with { PredictionLog = logDirectory }, model, TimeProvider.System, log)!;
        var host = await ModelServer.StartAsync(options, model, scorer, log, TimeProvider.System, loadTime, predictionLog: predictionLog);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        return new Server(host, scorer, log, predictionLog, client);
    }

    /// <summary>Generated traffic (optionally drifted): rows, request ids (valid, new transaction ids) and true outcomes.</summary>
    public (FeatureBatch Rows, string[] Ids, float[] Labels) Traffic(int rows, int seed, DriftOptions? drift = null, int idOffset = 900_000_000)
    {
        var file = Path.Combine(Folder, $"traffic-{seed}-{Guid.NewGuid():N}.csv");
        GeneratedDataset.Write(file, "transactions", rows, seed, drift);
        var data = ModelDataset.Load(file, Contract with { Dataset = Contract.Dataset with { MaxRejectedShare = 1 } }, Config);
        var batch = data.Table.ToFeatureBatch(Config.Features);
        var ids = LiveTraffic.Ids(rows, idOffset);
        return (batch, ids, data.Table.Labels(Config.Data.Label));
    }

    /// <summary>Sends every row as its own V1 request with its id as x-request-id (8 at a time), through <paramref name="client"/>.</summary>
    public static Task SendAsync(HttpClient client, FeatureBatch rows, string[] ids, string model = "fraud-detector") =>
        LiveTraffic.SendAsync(client, model, rows, ids);

    /// <summary>Feeds the outcomes back in batches of 200; returns the parsed answers.</summary>
    public static Task<IReadOnlyList<JsonElement>> FeedbackAsync(HttpClient client, string[] ids, float[] labels, string path = "/v1/models/fraud-detector/feedback") =>
        LiveTraffic.FeedbackAsync(client, path, ids, labels);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
