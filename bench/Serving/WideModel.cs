using Pipeline.Onnx.Proto;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Bench.Serving;

/// <summary>
/// The test model with a hidden MLP (features → H → H → features, ReLU) in front of its logistic layer: same inputs, same
/// rows, same answer size, but a model call whose cost is dominated by matrix products. That is the kind of model dynamic
/// batching exists for: one row is a matrix-vector product that streams all the weights, 64 rows are one matrix product
/// that reuses them.
/// </summary>
internal static class WideModel
{
    public static ModelProto Build(int hidden, int seed = 3)
    {
        var proto = TestModels.Build();
        var graph = proto.Graph;
        var logistic = graph.Node.Single(n => n.OpType == "MatMul");
        var features = logistic.Input[0];
        var width = (int)graph.Initializer.Single(t => t.Name == logistic.Input[1]).Dims[0];
        var random = new Random(seed);
        var at = graph.Node.IndexOf(logistic);
        var input = features;
        var layers = new (int In, int Out, bool Relu)[] { (width, hidden, true), (hidden, hidden, true), (hidden, width, false) };
        for (var i = 0; i < layers.Length; i++)
        {
            var (fanIn, fanOut, relu) = layers[i];
            var scale = 1 / Math.Sqrt(fanIn);
            var w = Enumerable.Range(0, fanIn * fanOut).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
            graph.Initializer.Add(OnnxBuilder.Floats($"mlp{i}_w", w, fanIn, fanOut));
            graph.Initializer.Add(OnnxBuilder.Floats($"mlp{i}_b", new float[fanOut], fanOut));
            graph.Node.Insert(at++, OnnxBuilder.Node("MatMul", [input, $"mlp{i}_w"], [$"mlp{i}_mm"]));
            graph.Node.Insert(at++, OnnxBuilder.Node("Add", [$"mlp{i}_mm", $"mlp{i}_b"], [relu ? $"mlp{i}_pre" : $"mlp{i}_out"]));
            if (relu) graph.Node.Insert(at++, OnnxBuilder.Node("Relu", [$"mlp{i}_pre"], [$"mlp{i}_out"]));
            input = $"mlp{i}_out";
        }
        logistic.Input[0] = input;
        return proto;
    }
}
