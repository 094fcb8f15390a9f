using System.Text;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Packaging.Validation;

/// <summary>Writes an Open Inference Protocol v2 request for a batch of rows, following the model's feature mapping, through the shared codec.</summary>
public static class InferenceRequestBuilder
{
    /// <summary>The JSON body (a missing number travels as null, which the server reads back as NaN).</summary>
    public static string Build(FeatureBatch batch, FeatureMapping mapping) =>
        Encoding.UTF8.GetString(InferenceJson.WriteRequest(Request(batch, mapping), binaryInputs: false).Body);

    /// <summary>The request as tensors: one [N, F] FP32 input in tensor mode, else one [N, 1] per column; categories as BYTES [N, 1].</summary>
    public static InferRequest Request(FeatureBatch batch, FeatureMapping mapping)
    {
        var inputs = new List<Tensor>();
        if (mapping.Mode == "tensor")
        {
            var width = mapping.Numeric.Count;
            var flat = new float[batch.Rows * width];
            for (var r = 0; r < batch.Rows; r++)
                for (var c = 0; c < width; c++)
                    flat[r * width + c] = batch.Numeric[mapping.Numeric[c]][r];
            inputs.Add(Tensor.Of(mapping.TensorInput, flat, batch.Rows, width));
        }
        else
        {
            foreach (var column in mapping.Numeric)
                inputs.Add(Tensor.Of(InputName(mapping, column), batch.Numeric[column], batch.Rows, 1));
        }
        foreach (var column in mapping.Categorical)
            inputs.Add(Tensor.Of(InputName(mapping, column), (Array)batch.Categorical[column].Select(v => v is null ? null! : Encoding.UTF8.GetBytes(v)).ToArray(), batch.Rows, 1));
        return new InferRequest { Inputs = inputs };
    }

    private static string InputName(FeatureMapping mapping, string column) => mapping.InputNames.GetValueOrDefault(column, column);
}
