using Google.Protobuf;
using Pipeline.Onnx.Proto;
using static Pipeline.Onnx.Proto.OnnxBuilder;

namespace Pipeline.Packaging.Tests.Support;

/// <summary>A two-feature logistic model in the project's ONNX convention: float inputs a, b [N,1] → probability [N,2].</summary>
public static class TinyOnnxModel
{
    public const string Yaml = """
        name: tiny-lr
        features:
          mode: named
          numeric: [a, b]
          probabilityOutput: probability
        """;

    public static byte[] Bytes(float wa = 0.8f, float wb = -1.3f, float bias = 0.25f)
    {
        const TensorProto.Types.DataType F = TensorProto.Types.DataType.Float;
        var graph = new GraphProto { Name = "tiny-lr" };
        graph.Input.Add(Tensor("a", F, "N", 1L));
        graph.Input.Add(Tensor("b", F, "N", 1L));
        graph.Output.Add(Tensor("probability", F, "N", 2L));
        graph.Initializer.Add(Floats("w", [wa, wb], 2, 1));
        graph.Initializer.Add(Floats("bias", [bias], 1));
        graph.Initializer.Add(Floats("one", [1f], 1));
        graph.Node.Add(Node("Concat", ["a", "b"], ["x"], "", Attr("axis", 1L)));
        graph.Node.Add(Node("MatMul", ["x", "w"], ["xw"]));
        graph.Node.Add(Node("Add", ["xw", "bias"], ["z"]));
        graph.Node.Add(Node("Sigmoid", ["z"], ["p"]));
        graph.Node.Add(Node("Sub", ["one", "p"], ["q"]));
        graph.Node.Add(Node("Concat", ["q", "p"], ["probability"], "", Attr("axis", 1L)));
        return Model(graph, opset: 17).ToByteArray();
    }
}
