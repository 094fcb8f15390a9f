using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Deployment.Tests.Targets;

/// <summary>
/// Issue 25's "done when": the Python client written from the protocol's specification (tests/python/oip_client.py) passes JSON,
/// binary and gRPC inference against a fresh deployment (the process target DeployCanary uses: server and gateway each with a REST and
/// a gRPC port), through the gateway, for two kinds of model: the named-column fraud model and the imported tensor-input MLP
/// (breast-cancer, [N,30] → [N,1]). The gateway's judge sees all three protocols' scores. Needs Debian's python3-numpy and
/// python3-grpcio (.ci/install/55-python-oip-client.sh); fails, never skips, without them.
/// </summary>
public sealed class ProtocolClientThroughGatewayTests
{
    private const string Python = "/usr/bin/python3";
    private const int Rows = 3;

    [Fact]
    public async Task OipClient_ThroughGatewayOfFreshDeployment_JsonBinaryGrpcOnNamedAndTensorModels()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing; run .ci/install/55-python-oip-client.sh");
        await using var h = await DeploymentHarness.CreateAsync(dir =>
            new ProcessTarget(DeploymentPrograms.FromBuildOutput(RepoRoot.Path), dir, TimeProvider.System));
        var ct = CancellationToken.None;
        const string tensorModel = "breast-cancer";
        try
        {
            var fraudFile = FraudModels.Write(h.Root, "v1", intercept: -1.0);
            await h.RegisterAsync("v1", fraudFile);
            var fraud = await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v1", ModelFile = fraudFile, ConfigFile = h.ConfigFile }, ct);
            Assert.True(fraud.Succeeded, fraud.Message + "\n" + string.Join("\n", fraud.LogTail));

            var mlpFile = Path.Combine(RepoRoot.Path, "models", tensorModel, "model.onnx");
            await h.Registry.RegisterVersionAsync(new Pipeline.Registry.Versions.NewModelVersion
            {
                Model = tensorModel, Version = "v1", ModelDigest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(mlpFile))), Actor = "test",
            });
            var mlp = await h.Deployment.DeployAsync(new DeployRequest
            {
                Model = tensorModel, Version = "v1", ModelFile = mlpFile, ConfigFile = Path.Combine(RepoRoot.Path, "models", tensorModel, "model.yaml"),
            }, ct);
            Assert.True(mlp.Succeeded, mlp.Message + "\n" + string.Join("\n", mlp.LogTail));

            var fraudRows = TestModels.Rows(Rows);
            List<Tensor> fraudInputs =
            [
                .. fraudRows.Numeric.Select(kv => Tensor.Of(kv.Key, kv.Value, fraudRows.Rows, 1)),
                .. fraudRows.Categorical.Select(kv => Tensor.Of(kv.Key, (Array)kv.Value.Select(v => Encoding.UTF8.GetBytes(v ?? "")).ToArray(), fraudRows.Rows, 1)),
            ];
            var (mlpInput, golden) = GoldenRows(tensorModel);

            foreach (var (model, inputs, expected) in new[] { (DeploymentHarness.Model, fraudInputs, (float[]?)null), (tensorModel, new List<Tensor> { mlpInput }, golden) })
            {
                var gateway = (await h.Registry.ListSlotsAsync(model)).Single(s => s.Variant == ModelDeployment.GatewayRole);
                var grpc = InstanceSlots.ToInstance(gateway).GrpcEndpoint;
                Assert.NotNull(grpc);
                var scores = await RunClientAsync(h.Root, gateway.Endpoint, new Uri(grpc).Authority, model, inputs);
                if (expected is not null)
                {
                    for (var i = 0; i < Rows; i++) Assert.InRange(scores[i], expected[i] - 1e-5, expected[i] + 1e-5);
                }
                // The judge reads every protocol's answers: JSON, binary and gRPC, Rows scores each.
                using var http = new HttpClient();
                var metrics = await http.GetStringAsync($"{gateway.Endpoint}/metrics");
                Assert.Contains($"pipeline_gateway_prediction_score_count{{variant=\"stable\",version=\"v1\"}} {3 * Rows}", metrics);
                Assert.Contains("pipeline_gateway_errors_total{variant=\"stable\",version=\"v1\"} 0", metrics);
            }
        }
        finally
        {
            await h.Deployment.DownAsync(tensorModel, "test cleanup", CancellationToken.None);
        }
    }

    /// <summary>The model's first golden rows as one [Rows,30] tensor, and their golden scores.</summary>
    private static (Tensor Input, float[] Expected) GoldenRows(string model)
    {
        var folder = Path.Combine(RepoRoot.Path, "models", model);
        var rows = File.ReadLines(Path.Combine(folder, "golden-inputs.csv")).Skip(1).Take(Rows)
            .Select(l => l.Split(',')[1..^1].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var expected = File.ReadLines(Path.Combine(folder, "golden-outputs.csv")).Skip(1).Take(Rows).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (Tensor.Of("input", rows.SelectMany(r => r).ToArray(), Rows, rows[0].Length), expected);
    }

    /// <summary>Runs the Python client against the gateway; fails with its output unless every check passed; returns the JSON check's scores.</summary>
    private static async Task<float[]> RunClientAsync(string folder, string rest, string grpc, string model, IReadOnlyList<Tensor> inputs)
    {
        var rowsFile = Path.Combine(folder, $"rows-{model}.json");
        await File.WriteAllBytesAsync(rowsFile, InferenceJson.WriteRequest(new InferRequest { Inputs = inputs }, binaryInputs: false).Body);
        var script = Path.Combine(RepoRoot.Path, "tests", "python", "oip_client.py");
        var psi = new ProcessStartInfo(Python, [script, "--rest", rest, "--grpc", grpc, "--model", model, "--rows", rowsFile])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{model}: {output}");
        Assert.Contains("\"check\": \"grpc\"", output);
        Assert.Contains("\"check\": \"binary\"", output);
        Assert.Contains("\"check\": \"all\", \"ok\": true", output);
        var json = output.Split('\n').First(l => l.Contains("\"check\": \"json\"", StringComparison.Ordinal));
        return JsonDocument.Parse(json).RootElement.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray();
    }
}
