using Google.Protobuf;
using Pipeline.Onnx.Proto;

namespace Pipeline.Evaluation.Tests.Support;

/// <summary>A tiny hand-built ONNX graph whose probability is (amount − amount) / (amount − amount) = NaN for every row.</summary>
internal static class NanModel
{
    public static void Write(string path)
    {
        var graph = new GraphProto { Name = "nan-model" };
        graph.Input.Add(Tensor("amount", TensorProto.Types.DataType.Float, "N", 1));
        graph.Output.Add(Tensor("probability", TensorProto.Types.DataType.Float, "N", 1));
        graph.Node.Add(Node("Sub", ["amount", "amount"], "zero"));
        graph.Node.Add(Node("Div", ["zero", "zero"], "probability"));
        var model = new ModelProto { IrVersion = 8, ProducerName = "test", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var n = new NodeProto { OpType = op, Name = output };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        return n;
    }

    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, string batch, long width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }
}
