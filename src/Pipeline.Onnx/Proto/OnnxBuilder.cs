using Google.Protobuf;

namespace Pipeline.Onnx.Proto;

/// <summary>Small helpers for writing ONNX graphs with the generated protobuf types.</summary>
public static class OnnxBuilder
{
    /// <summary>A tensor value-info with dims given as numbers or symbolic names (e.g. <c>"N", 4L</c>).</summary>
    public static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    /// <summary>A value-info of type sequence(map(key, tensor(float))) — ZipMap's output.</summary>
    public static ValueInfoProto SequenceOfMaps(string name, TensorProto.Types.DataType keyType) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            SequenceType = new TypeProto.Types.Sequence
            {
                ElemType = new TypeProto
                {
                    MapType = new TypeProto.Types.Map
                    {
                        KeyType = (int)keyType,
                        ValueType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
                    },
                },
            },
        },
    };

    public static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims);
        t.FloatData.Add(values);
        return t;
    }

    public static TensorProto Int64s(string name, long[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(dims);
        t.Int64Data.Add(values);
        return t;
    }

    public static NodeProto Node(string op, string[] inputs, string[] outputs, string domain = "", params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = op, Domain = domain, Name = $"{op}_{outputs[0]}" };
        n.Input.Add(inputs);
        n.Output.Add(outputs);
        n.Attribute.Add(attributes);
        return n;
    }

    public static AttributeProto Attr(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attr(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attr(string name, float[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.Add(values);
        return a;
    }

    public static AttributeProto Attr(string name, long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    public static AttributeProto Attr(string name, string[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.Add(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    /// <summary>Wraps a graph as a model importing the default opset (and ai.onnx.ml when <paramref name="mlOpset"/> &gt; 0).</summary>
    public static ModelProto Model(GraphProto graph, long opset = 17, long mlOpset = 0, string producer = "pipeline", IReadOnlyDictionary<string, string>? metadata = null)
    {
        var m = new ModelProto { IrVersion = 8, ProducerName = producer, ProducerVersion = "1", Graph = graph, ModelVersion = 1 };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        if (mlOpset > 0) m.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = mlOpset });
        if (metadata is not null)
            foreach (var (k, v) in metadata) m.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        return m;
    }
}
