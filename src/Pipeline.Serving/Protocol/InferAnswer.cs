using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>The v2 answer to a scored request: the model's output tensor with its declared datatype and shape ([N, 1] FP32 probabilities), the request id echoed.</summary>
internal static class InferAnswer
{
    /// <summary>The output's shape as model metadata declares it (-1: any number of rows).</summary>
    public static readonly long[] OutputShape = [-1, 1];

    public static InferResponse For(ServedModel model, ParsedRequest request, float[] scores) => new()
    {
        ModelName = model.Name,
        ModelVersion = model.Version,
        Id = request.Id,
        Outputs = [new Tensor { Name = model.OutputName, Datatype = Datatype.Fp32, Shape = [scores.Length, 1], Data = scores }],
    };
}
