using Google.Protobuf;
using Pipeline.Onnx.Proto;

namespace Pipeline.Training.Export;

/// <summary>Small helper that appends nodes, initializers and typed inputs/outputs to a <see cref="GraphProto"/>.</summary>
internal sealed class OnnxGraphBuilder(string name)
{
    public const string MlDomain = "ai.onnx.ml";

    public GraphProto Graph { get; } = new() { Name = name };

    public void FloatInput(string inputName, params object[] dims) => Graph.Input.Add(Value(inputName, TensorProto.Types.DataType.Float, dims));
    public void StringInput(string inputName, params object[] dims) => Graph.Input.Add(Value(inputName, TensorProto.Types.DataType.String, dims));
    public void Output(string outputName, TensorProto.Types.DataType type, params object[] dims) => Graph.Output.Add(Value(outputName, type, dims));

    public string Floats(string tensorName, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = tensorName, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        Graph.Initializer.Add(t);
        return tensorName;
    }

    public string Int64s(string tensorName, long[] values, params long[] dims)
    {
        var t = new TensorProto { Name = tensorName, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        Graph.Initializer.Add(t);
        return tensorName;
    }

    public NodeProto Node(string opType, string[] inputs, string output, string? domain = null)
    {
        var node = new NodeProto { OpType = opType, Name = output + "_" + opType };
        if (domain is not null) node.Domain = domain;
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        Graph.Node.Add(node);
        return node;
    }

    public static AttributeProto Int(string attr, long value) => new() { Name = attr, Type = AttributeProto.Types.AttributeType.Int, I = value };
    public static AttributeProto Ints(string attr, params long[] values)
    {
        var a = new AttributeProto { Name = attr, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }
    public static AttributeProto Strings(string attr, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = attr, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    private static ValueInfoProto Value(string valueName, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                int n => new TensorShapeProto.Types.Dimension { DimValue = n },
                long n => new TensorShapeProto.Types.Dimension { DimValue = n },
                _ => throw new ArgumentException($"dimension {d} must be a symbol or a number"),
            });
        }
        return new ValueInfoProto
        {
            Name = valueName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
