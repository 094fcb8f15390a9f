using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Pipeline.Protocol.Grpc;
using Pipeline.Protocol.Grpc.V2;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Grpc;

/// <summary>Issue 25: KServe v2 <c>inference.GRPCInferenceService</c> on its own port, answering like REST (same scores, [N,1] FP32,
/// id echoed), with errors as gRPC status codes and calls counted in the same request metrics.</summary>
public sealed class GrpcInferenceTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private GrpcChannel _channel = null!;
    private GRPCInferenceService.GRPCInferenceServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(o => o with { GrpcPort = 0 });
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_server.Server.GrpcPort}");
        _client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    private static List<Tensor> Inputs(Pipeline.Core.Features.FeatureBatch rows) =>
    [
        .. rows.Numeric.Select(kv => Tensor.Of(kv.Key, kv.Value, rows.Rows, 1)),
        .. rows.Categorical.Select(kv => Tensor.Of(kv.Key, (Array)kv.Value.Select(v => Encoding.UTF8.GetBytes(v ?? "")).ToArray(), rows.Rows, 1)),
    ];

    private async Task<float[]> RestScoresAsync(Pipeline.Core.Features.FeatureBatch rows)
    {
        var (body, _) = InferenceJson.WriteRequest(new InferRequest { Inputs = Inputs(rows) }, binaryInputs: false);
        var response = await _server.PostJsonAsync("/v2/models/fraud-detector/infer", Encoding.UTF8.GetString(body));
        var decoded = InferenceJson.ReadResponse(await response.Content.ReadAsByteArrayAsync(), null);
        return (float[])decoded.Value!.Outputs[0].Data;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ModelInfer_RawOrTypedContents_SameScoresAsRest(bool raw)
    {
        var rows = TestModels.Rows(5);
        var request = GrpcTensors.WriteRequest("fraud-detector", new InferRequest { Id = "g-7", Inputs = Inputs(rows) }, raw);

        var response = await _client.ModelInferAsync(request);

        Assert.Equal(("fraud-detector", "7", "g-7"), (response.ModelName, response.ModelVersion, response.Id));
        var decoded = GrpcTensors.ReadResponse(response);
        Assert.True(decoded.Ok, string.Join("; ", decoded.Problems));
        var output = decoded.Value!.Outputs.Single();
        Assert.Equal(("probability", "FP32"), (output.Name, output.Datatype));
        Assert.Equal([5L, 1L], output.Shape);
        Assert.Equal(await RestScoresAsync(rows), (float[])output.Data);
    }

    [Fact]
    public async Task ModelInfer_Int64AndBoolInputs_Scored()
    {
        var rows = TestModels.Rows(2);
        rows.Numeric["hour"] = [3, 22];
        rows.Numeric["txn_count_1h"] = [1, 0];
        var inputs = Inputs(rows).Select(t => t.Name switch
        {
            "hour" => Tensor.Of("hour", (Array)new long[] { 3, 22 }, 2, 1),
            "txn_count_1h" => Tensor.Of("txn_count_1h", (Array)new[] { true, false }, 2, 1),
            _ => t,
        }).ToList();
        var response = await _client.ModelInferAsync(GrpcTensors.WriteRequest("fraud-detector", new InferRequest { Inputs = inputs }, raw: false));
        Assert.Equal(await RestScoresAsync(rows), (float[])GrpcTensors.ReadResponse(response).Value!.Outputs[0].Data);
    }

    [Fact]
    public async Task ModelInfer_BadInputs_InvalidArgumentNamingEachProblem_CountedAs400()
    {
        var rows = TestModels.Rows(2);
        var request = GrpcTensors.WriteRequest("fraud-detector", new InferRequest { Inputs = Inputs(rows) }, raw: true);
        request.Inputs[0].Name = "amount_typo";
        request.RawInputContents[1] = Google.Protobuf.ByteString.CopyFrom(new byte[5]);

        var e = await Assert.ThrowsAsync<RpcException>(() => _client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("'amount_typo' is not an input", e.Status.Detail);
        Assert.Contains("raw_input_contents[1]", e.Status.Detail);
        var metrics = await _server.Client.GetStringAsync("/metrics");
        Assert.True(MetricsText.Value(metrics, "pipeline_requests_total", "route=\"grpc\"", "status=\"400\"") >= 1, metrics);
    }

    [Fact]
    public async Task ModelInfer_UnknownModelOrVersion_NotFound()
    {
        var request = GrpcTensors.WriteRequest("other", new InferRequest { Inputs = Inputs(TestModels.Rows(1)) }, raw: true);
        var e = await Assert.ThrowsAsync<RpcException>(() => _client.ModelInferAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        var wrongVersion = await Assert.ThrowsAsync<RpcException>(() => _client.ModelReadyAsync(new ModelReadyRequest { Name = "fraud-detector", Version = "8" }).ResponseAsync);
        Assert.Contains("version '8'", wrongVersion.Status.Detail);
    }

    [Fact]
    public async Task HealthAndMetadata_AnswerLikeRest()
    {
        Assert.True((await _client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await _client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "fraud-detector", Version = "7" })).Ready);
        Assert.Contains("binary_tensor_data", (await _client.ServerMetadataAsync(new ServerMetadataRequest())).Extensions);
        var model = await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = "fraud-detector" });
        Assert.Equal(9, model.Inputs.Count);
        Assert.Equal([-1L, 1L], model.Outputs.Single().Shape);
        var metrics = await _server.Client.GetStringAsync("/metrics");
        Assert.True(MetricsText.Value(metrics, "pipeline_requests_total", "route=\"grpc\"", "status=\"200\"") >= 5, metrics);
    }
}
