using System.Net.Http.Headers;
using System.Text;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Tests.Support;

/// <summary>A real model server (Kestrel on 127.0.0.1, ephemeral port, real ONNX Runtime) started in the test process.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly TempFolder _folder;

    // With batching off the model runs on request threads; give the pool room so concurrent tests really run concurrently.
    static RunningServer() => ThreadPool.SetMinThreads(64, 64);

    private RunningServer(TempFolder folder, ModelServer server, IBatchScorer scorer, JsonLog log, LogCapture capture)
    {
        _folder = folder;
        Server = server;
        Scorer = scorer;
        Log = log;
        Capture = capture;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public ModelServer Server { get; }
    public IBatchScorer Scorer { get; }
    public JsonLog Log { get; }
    public LogCapture Capture { get; }
    public HttpClient Client { get; }
    public string Folder => _folder.Path;

    /// <summary>Starts a server on the test model; <paramref name="configure"/> adjusts options; <paramref name="failing"/> uses the model that fails above one row;
    /// <paramref name="wrap"/> decorates the real scorer (e.g. to slow it down); <paramref name="writeModel"/> writes another model into the given folder, <paramref name="writeConfig"/> its model.yaml.</summary>
    public static async Task<RunningServer> StartAsync(Func<ServingOptions, ServingOptions>? configure = null, bool failing = false,
        Func<IBatchScorer, IBatchScorer>? wrap = null, Func<string, string>? writeModel = null,
        Func<ServedModel, Pipeline.Serving.Monitoring.PredictionLog>? predictionLog = null, Func<string, string>? writeConfig = null)
    {
        var folder = new TempFolder();
        var modelFile = writeModel?.Invoke(folder.Path) ?? (failing ? TestModels.WriteModelFailingAboveOneRow(folder.Path) : TestModels.WriteModel(folder.Path));
        var config = writeConfig?.Invoke(folder.Path) ?? TestModels.WriteConfig(folder.Path);
        var options = new ServingOptions { Model = modelFile, Config = config, Version = "7", Variant = "canary", Port = 0, Host = "127.0.0.1" };
        options = configure?.Invoke(options) ?? options;
        var capture = new LogCapture();
        var log = new JsonLog(capture, TimeProvider.System);
        var (scorer, model, loadTime) = ModelLoading.Load(options, TimeProvider.System);
        if (wrap is not null) scorer = wrap(scorer);
        var logged = predictionLog?.Invoke(model);
        var server = await ModelServer.StartAsync(options, model, scorer, log, TimeProvider.System, loadTime, predictionLog: logged);
        return new RunningServer(folder, server, scorer, log, capture);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Scorer.Dispose();
        await Log.DisposeAsync();
        _folder.Dispose();
    }
}
