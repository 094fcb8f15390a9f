using Google.Protobuf;
using Pipeline.Onnx.Proto;
using static Pipeline.Onnx.Proto.OnnxBuilder;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Onnx.Tests.Support;

/// <summary>Small ONNX graphs built with the project's own protobuf schema.</summary>
internal static class TestModels
{
    /// <summary>
    /// Logistic regression in the built-in trainer's convention: one float [N,1] input per numeric column, one string [N,1]
    /// input per categorical column (LabelEncoder to a weight), outputs probability [N,2] and label int64 [N].
    /// </summary>
    public static byte[] LogisticNamed(IReadOnlyList<(string Column, float Weight)> numeric, IReadOnlyList<(string Column, Dictionary<string, float> Weights)> categorical, float bias)
    {
        var g = new GraphProto { Name = "logistic_named" };
        var parts = new List<string>();
        foreach (var (col, _) in numeric)
        {
            g.Input.Add(Tensor(col, DataType.Float, "N", 1));
            parts.Add(col);
        }
        foreach (var (col, weights) in categorical)
        {
            g.Input.Add(Tensor(col, DataType.String, "N", 1));
            var keys = weights.Keys.ToArray();
            g.Node.Add(Node("LabelEncoder", [col], [$"{col}_w"], "ai.onnx.ml",
                Attr("keys_strings", keys), Attr("values_floats", keys.Select(k => weights[k]).ToArray()), new AttributeProto { Name = "default_float", Type = AttributeProto.Types.AttributeType.Float, F = 0f }));
            parts.Add($"{col}_w");
        }
        var weightsVector = numeric.Select(n => n.Weight).Concat(categorical.Select(_ => 1f)).ToArray();
        g.Initializer.Add(Floats("W", weightsVector, weightsVector.Length, 1));
        g.Initializer.Add(Floats("B", [bias], 1));
        g.Initializer.Add(Floats("one", [1f], 1));
        g.Initializer.Add(Floats("half", [0.5f], 1));
        g.Initializer.Add(Int64s("flat", [-1], 1));
        g.Node.Add(Node("Concat", parts.ToArray(), ["x"], "", Attr("axis", 1L)));
        g.Node.Add(Node("MatMul", ["x", "W"], ["z0"]));
        g.Node.Add(Node("Add", ["z0", "B"], ["z"]));
        g.Node.Add(Node("Sigmoid", ["z"], ["p"]));
        g.Node.Add(Node("Sub", ["one", "p"], ["q"]));
        g.Node.Add(Node("Concat", ["q", "p"], ["probability"], "", Attr("axis", 1L)));
        g.Node.Add(Node("Greater", ["p", "half"], ["gt"]));
        g.Node.Add(Node("Cast", ["gt"], ["label2d"], "", Attr("to", (long)DataType.Int64)));
        g.Node.Add(Node("Reshape", ["label2d", "flat"], ["label"]));
        g.Output.Add(Tensor("probability", DataType.Float, "N", 2));
        g.Output.Add(Tensor("label", DataType.Int64, "N"));
        return Model(g, 17, 2, metadata: new Dictionary<string, string> { ["trainer"] = "test-logistic", ["features"] = string.Join(",", parts) }).ToByteArray();
    }

    /// <summary>Logistic regression over one float [N,F] input; output probability [N,1].</summary>
    public static byte[] LogisticTensor(float[] weights, float bias, string input = "input", string output = "probability")
    {
        var g = new GraphProto { Name = "logistic_tensor" };
        g.Input.Add(Tensor(input, DataType.Float, "batch", weights.Length));
        g.Initializer.Add(Floats("W", weights, weights.Length, 1));
        g.Initializer.Add(Floats("B", [bias], 1));
        g.Node.Add(Node("MatMul", [input, "W"], ["z0"]));
        g.Node.Add(Node("Add", ["z0", "B"], ["z"]));
        g.Node.Add(Node("Sigmoid", ["z"], [output]));
        g.Output.Add(Tensor(output, DataType.Float, "batch", 1));
        return Model(g).ToByteArray();
    }

    /// <summary>A scikit-learn-converter-shaped classifier: LinearClassifier (LOGISTIC) + ZipMap → sequence of maps.</summary>
    public static byte[] ZipMapClassifier(float[] weights, float bias, bool stringLabels)
    {
        var f = weights.Length;
        var g = new GraphProto { Name = "zipmap_classifier" };
        g.Input.Add(Tensor("float_input", DataType.Float, "N", f));
        var coefficients = weights.Select(w => -w).Concat(weights).ToArray();
        var labelAttr = stringLabels ? Attr("classlabels_strings", ["legit", "fraud"]) : Attr("classlabels_ints", [0L, 1L]);
        g.Node.Add(Node("LinearClassifier", ["float_input"], ["label", "probability_tensor"], "ai.onnx.ml",
            Attr("coefficients", coefficients), Attr("intercepts", [-bias, bias]), labelAttr, Attr("post_transform", "LOGISTIC")));
        g.Node.Add(Node("ZipMap", ["probability_tensor"], ["output_probability"], "ai.onnx.ml",
            stringLabels ? Attr("classlabels_strings", ["legit", "fraud"]) : Attr("classlabels_int64s", [0L, 1L])));
        g.Output.Add(Tensor("label", stringLabels ? DataType.String : DataType.Int64, "N"));
        g.Output.Add(SequenceOfMaps("output_probability", stringLabels ? DataType.String : DataType.Int64));
        return Model(g, 17, 1, producer: "pipeline-test-zipmap").ToByteArray();
    }

    /// <summary>Identity over one input per supported element type (float, double, int64, int32, int8, uint8, bool, string).</summary>
    public static byte[] IdentityAllTypes()
    {
        var g = new GraphProto { Name = "identity_all" };
        foreach (var (name, type) in AllTypes)
        {
            g.Input.Add(Tensor($"in_{name}", type, "N", 2));
            g.Node.Add(Node("Identity", [$"in_{name}"], [$"out_{name}"]));
            g.Output.Add(Tensor($"out_{name}", type, "N", 2));
        }
        return Model(g).ToByteArray();
    }

    public static readonly (string Name, DataType Type)[] AllTypes =
    [
        ("float", DataType.Float), ("double", DataType.Double), ("int64", DataType.Int64), ("int32", DataType.Int32),
        ("int8", DataType.Int8), ("uint8", DataType.Uint8), ("bool", DataType.Bool), ("string", DataType.String),
    ];
}
