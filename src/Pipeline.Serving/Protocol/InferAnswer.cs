using Pipeline.Core.Models;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>The v2 answer to a scored request, per task, with the datatypes and shapes model metadata declares and the request id echoed:
/// binary and regression one FP32 output [N, 1] (probability or value); multiclass <c>class</c> (INT64 [N], the most probable class),
/// the probabilities (FP32 [N, K]) and <c>label</c> (BYTES [N], the class's name).</summary>
internal static class InferAnswer
{
    /// <summary>Values per row of the scorer's answer: K class probabilities (multiclass), else 1.</summary>
    public static int Width(ServedModel model) => model.Task == ModelTask.Multiclass ? Math.Max(1, model.Classes.Count) : 1;

    /// <summary>The outputs as model metadata declares them (-1: any number of rows).</summary>
    public static IReadOnlyList<(string Name, string Datatype, long[] Shape)> Outputs(ServedModel model) => Width(model) > 1
        ? [("class", Datatype.Int64, [-1]), (model.OutputName, Datatype.Fp32, [-1, Width(model)]), ("label", Datatype.Bytes, [-1])]
        : [(model.OutputName, Datatype.Fp32, [-1, 1])];

    public static InferResponse For(ServedModel model, ParsedRequest request, float[] scores) => new()
    {
        ModelName = model.Name,
        ModelVersion = model.Version,
        Id = request.Id,
        Outputs = Tensors(model, scores),
    };

    private static List<Tensor> Tensors(ServedModel model, float[] scores)
    {
        var k = Width(model);
        if (k <= 1) return [new Tensor { Name = model.OutputName, Datatype = Datatype.Fp32, Shape = [scores.Length, 1], Data = scores }];
        var predicted = ServedPrediction.PerRow(scores, k);
        var classes = new long[predicted.Length];
        var labels = new byte[predicted.Length][];
        for (var r = 0; r < predicted.Length; r++)
        {
            classes[r] = (long)predicted[r];
            labels[r] = System.Text.Encoding.UTF8.GetBytes(model.Classes[(int)predicted[r]]);
        }
        return
        [
            new Tensor { Name = "class", Datatype = Datatype.Int64, Shape = [predicted.Length], Data = classes },
            new Tensor { Name = model.OutputName, Datatype = Datatype.Fp32, Shape = [predicted.Length, k], Data = scores },
            new Tensor { Name = "label", Datatype = Datatype.Bytes, Shape = [predicted.Length], Data = labels },
        ];
    }
}
