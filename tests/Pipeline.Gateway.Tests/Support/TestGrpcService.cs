using Grpc.Core;
using Pipeline.Protocol.Grpc;
using Pipeline.Protocol.Grpc.V2;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Gateway.Tests.Support;

/// <summary>
/// The KServe v2 gRPC service of a <see cref="TestUpstream"/>, served by Grpc.AspNetCore on its own h2c port: answers ModelInfer with
/// the upstream's fixed probability as <c>probability</c> [N,2] (raw contents), or fails with the gRPC code of its <c>FailWith</c> status.
/// </summary>
public sealed class TestGrpcService(TestUpstream upstream) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = true });

    public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        upstream.CountGrpcCall(context.RequestHeaders.GetValue("x-pipeline-key"));
        if (upstream.FailWith is { } status)
            throw new RpcException(new Status(status == 400 ? StatusCode.InvalidArgument : StatusCode.Unavailable, $"{upstream.Name} fails with {status}"));
        var decoded = GrpcTensors.ReadRequest(request);
        if (!decoded.Ok)
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", decoded.Problems.Select(p => $"{p.Field}: {p.Problem}"))));
        var rows = decoded.Value!.Inputs[0].Shape.Length > 0 ? decoded.Value.Inputs[0].Shape[0] : 1;
        var data = Enumerable.Range(0, (int)rows).SelectMany(_ => new[] { 1 - upstream.Score, upstream.Score }).ToArray();
        return Task.FromResult(GrpcTensors.WriteResponse(new InferResponse
        {
            ModelName = request.ModelName,
            ModelVersion = upstream.Name,
            Id = decoded.Value.Id,
            Outputs = [Tensor.Of("probability", data, rows, 2)],
        }));
    }
}
