using Grpc.Core;
using Pipeline.Protocol.Grpc;
using Pipeline.Protocol.Grpc.V2;
using Pipeline.Serving.Batching;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Model;
using Pipeline.Serving.Protocol;

namespace Pipeline.Serving.Grpc;

/// <summary>KServe v2 <c>inference.GRPCInferenceService</c> on the gRPC port: the same model, queue (batching, limits), validation and answers as REST.</summary>
internal sealed class InferenceService(ServedModel model, ServingOptions options, IScoringQueue queue, Readiness readiness, InferenceCall call)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = readiness.IsReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        Known(request.Name, request.Version);
        return Task.FromResult(new ModelReadyResponse { Ready = readiness.IsReady });
    }

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var answer = new ServerMetadataResponse { Name = "pipeline-serving", Version = typeof(InferenceService).Assembly.GetName().Version?.ToString() ?? "0" };
        answer.Extensions.AddRange(ModelEndpoints.ServerExtensions);
        return Task.FromResult(answer);
    }

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        Known(request.Name, request.Version);
        var answer = new ModelMetadataResponse { Name = model.Name, Platform = model.Platform };
        answer.Versions.Add(model.Version);
        if (model.Mode == "tensor") answer.Inputs.Add(Metadata(model.TensorInput, "FP32", -1, model.Numeric.Count()));
        foreach (var c in model.Columns.Where(c => model.Mode != "tensor" || c.Kind == FeatureKind.Categorical)) answer.Inputs.Add(Metadata(c.InputName, c.Datatype, -1, 1));
        foreach (var (name, datatype, shape) in InferAnswer.Outputs(model)) answer.Outputs.Add(Metadata(name, datatype, shape));
        return Task.FromResult(answer);
    }

    private static ModelMetadataResponse.Types.TensorMetadata Metadata(string name, string datatype, params long[] shape)
    {
        var t = new ModelMetadataResponse.Types.TensorMetadata { Name = name, Datatype = datatype };
        t.Shape.AddRange(shape);
        return t;
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        Known(request.ModelName, request.ModelVersion);
        var http = context.GetHttpContext();
        queue.Expect();
        var expected = true;
        try
        {
            int? rows = null;
            var decoded = GrpcTensors.ReadRequest(request, (index, name, datatype, shape, problems) =>
            {
                var errors = new List<FieldError>();
                var fits = V2InferReader.PreCheck(model, index, name, datatype, shape, options.MaxRequestRows, ref rows, errors);
                foreach (var e in errors) problems.Add(new(e.Field, e.Problem));
                return fits;
            });
            var parsed = decoded.Ok
                ? V2InferReader.Map(decoded.Value!, model, options.MaxRequestRows)
                : ParsedRequest.Fail(decoded.Problems.Select(p => new FieldError(p.Field, p.Problem)).ToArray());
            if (!parsed.Ok)
                throw Fail(StatusCode.InvalidArgument, $"invalid request: {parsed.Errors.Count} problem(s): {string.Join("; ", parsed.Errors.Take(10).Select(e => $"{e.Field}: {e.Problem}"))}", 400, http);
            expected = false;
            var outcome = await call.ScoreAsync(parsed, http.TraceIdentifier).ConfigureAwait(false);
            if (outcome.Scores is { } scores) return GrpcTensors.WriteResponse(InferAnswer.For(model, parsed, scores));
            var code = outcome.Status switch { 503 => StatusCode.Unavailable, 422 => StatusCode.InvalidArgument, _ => StatusCode.Internal };
            throw Fail(code, outcome.Message, outcome.Status, http);
        }
        finally
        {
            if (expected) queue.Forget();
        }
    }

    /// <summary>An RPC error; the HTTP-equivalent status is kept for the request metrics and access log, which count gRPC like REST.</summary>
    private static RpcException Fail(StatusCode code, string message, int httpStatus, Microsoft.AspNetCore.Http.HttpContext http)
    {
        http.Items[GrpcStatusKey] = httpStatus;
        return new RpcException(new Status(code, message));
    }

    public const string GrpcStatusKey = "pipeline.grpc.http_status";

    private void Known(string name, string version)
    {
        if (name == model.Name && (version.Length == 0 || version == model.Version)) return;
        throw new RpcException(new Status(StatusCode.NotFound,
            $"model '{name}'{(version.Length == 0 ? "" : $" version '{version}'")} is not served here; this server serves '{model.Name}' version '{model.Version}'"));
    }
}
