using System.Diagnostics;
using System.Text;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Protocol;

/// <summary>Issue 25: a Python client written from the protocol's specification (tests/python/oip_client.py: urllib + numpy for
/// JSON and binary tensors, grpcio with hand-encoded protobuf for gRPC) passes against a real server. Needs Debian's
/// python3-numpy and python3-grpcio (.ci/install/55-python-oip-client.sh); fails, never skips, without them.</summary>
public sealed class PythonClientTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task OipClient_JsonBinaryAndGrpc_SameScoresShapeNBy1()
    {
        await using var server = await RunningServer.StartAsync(o => o with { GrpcPort = 0 });
        var rows = TestModels.Rows(3);
        List<Tensor> inputs =
        [
            .. rows.Numeric.Select(kv => Tensor.Of(kv.Key, kv.Value, rows.Rows, 1)),
            .. rows.Categorical.Select(kv => Tensor.Of(kv.Key, (Array)kv.Value.Select(v => Encoding.UTF8.GetBytes(v ?? "")).ToArray(), rows.Rows, 1)),
        ];
        var rowsFile = Path.Combine(server.Folder, "rows.json");
        await File.WriteAllBytesAsync(rowsFile, InferenceJson.WriteRequest(new InferRequest { Inputs = inputs }, binaryInputs: false).Body);
        var script = Path.Combine(Pipeline.Testing.CheckoutRoot.Path, "tests", "python", "oip_client.py");
        Assert.True(File.Exists(Python), $"{Python} is missing; run .ci/install/55-python-oip-client.sh");

        var psi = new ProcessStartInfo(Python, [script, "--rest", $"http://127.0.0.1:{server.Server.Port}", "--grpc", $"127.0.0.1:{server.Server.GrpcPort}",
            "--model", "fraud-detector", "--rows", rowsFile]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("\"check\": \"grpc\"", output);
        Assert.Contains("\"check\": \"binary\"", output);
        Assert.Contains("\"check\": \"all\", \"ok\": true", output);
    }
}
