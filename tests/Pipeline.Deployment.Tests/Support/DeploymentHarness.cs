using System.Text;
using Pipeline.Core.Layout;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Targets;
using Pipeline.Registry;

namespace Pipeline.Deployment.Tests.Support;

/// <summary>A throw-away checkout (temp root with .nuke/, models/, .artifacts/), its SQLite registry and a ModelDeployment over one target.</summary>
public sealed class DeploymentHarness : IAsyncDisposable
{
    public const string Model = "fraud-detector";

    private readonly List<string> _log = [];

    private DeploymentHarness(string root, IModelRegistry registry, IDeploymentTarget target)
    {
        Root = root;
        Registry = registry;
        Target = target;
        DeployDirectory = Path.Combine(root, ".artifacts", "deploy");
        Deployment = new ModelDeployment(new DeploymentTargets(target), registry, new DeploymentSettings
        {
            DeployDirectory = DeployDirectory,
            Actor = "test",
            RunId = "test-run",
            ReadinessTimeout = TimeSpan.FromSeconds(40),
            Log = line => { lock (_log) _log.Add(line); },
        });
        ConfigFile = FraudModels.WriteConfig(root);
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };
    }

    public string Root { get; }
    public string DeployDirectory { get; }
    public string ConfigFile { get; }
    public IModelRegistry Registry { get; }
    public IDeploymentTarget Target { get; }
    public ModelDeployment Deployment { get; }
    public HttpClient Client { get; }

    public string LogText { get { lock (_log) return string.Join("\n", _log); } }

    public static async Task<DeploymentHarness> CreateAsync(Func<string, IDeploymentTarget> target)
    {
        var root = Directory.CreateTempSubdirectory("pipeline-deploy-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var registry = await ModelRegistryFactory.OpenAsync(null, new RepositoryLayout(root));
        return new DeploymentHarness(root, registry, target(Path.Combine(root, ".artifacts", "deploy")));
    }

    /// <summary>One V1 prediction through the gateway: the version that answered and its score.</summary>
    public async Task<(string Version, double Score)> PredictAsync(string gatewayEndpoint)
    {
        using var response = await Client.PostAsync($"{gatewayEndpoint}/v1/models/{Model}:predict",
            new StringContent(FraudModels.V1Request, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {body}");
        var scores = Pipeline.Gateway.Scores.ScoreParser.Parse(Encoding.UTF8.GetBytes(body));
        Assert.True(scores.Length == 1, $"expected one score in {body}");
        return (response.Headers.GetValues("X-Pipeline-Version").Single(), scores[0]);
    }

    /// <summary>Registers a model file as a version, as Train/Import would.</summary>
    public async Task RegisterAsync(string version, string modelFile)
    {
        var digest = "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(modelFile))).ToLowerInvariant();
        await Registry.RegisterVersionAsync(new Pipeline.Registry.Versions.NewModelVersion { Model = Model, Version = version, ModelDigest = digest, Actor = "test" });
    }

    public async Task<string> GatewayEndpointAsync() =>
        (await Registry.ListSlotsAsync(Model)).Single(s => s.Variant == ModelDeployment.GatewayRole).Endpoint;

    public async ValueTask DisposeAsync()
    {
        // Never leave servers behind, whatever the test did.
        await Deployment.DownAsync(Model, "test cleanup", CancellationToken.None);
        Client.Dispose();
        await Registry.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
