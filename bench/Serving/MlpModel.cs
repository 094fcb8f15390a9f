using Pipeline.Onnx.Proto;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Bench.Serving;

/// <summary>
/// The test model with a hidden MLP (features → H → … → H → features, ReLU, <c>depth</c> H-wide layers) in front of its
/// logistic layer: same inputs, same rows, same answer size, but a costlier model call. Two shapes are benchmarked:
/// wide (H 1536, depth 2): one row is a matrix-vector product that streams 9 MB of weights, 64 rows one matrix product
/// that reuses them; deep (H 64, depth 48): 150 small nodes whose per-call cost (kernel dispatch) dwarfs the per-row
/// arithmetic — the cost profile dynamic batching exists for (on a GPU, kernel launches).
/// </summary>
internal static class MlpModel
{
    public static ModelProto Build(int hidden, int seed = 3, int depth = 2)
    {
        var proto = TestModels.Build();
        var graph = proto.Graph;
        var logistic = graph.Node.Single(n => n.OpType == "MatMul");
        var features = logistic.Input[0];
        var width = (int)graph.Initializer.Single(t => t.Name == logistic.Input[1]).Dims[0];
        var random = new Random(seed);
        var at = graph.Node.IndexOf(logistic);
        var input = features;
        // features → H, then depth − 1 layers H → H, then H → features.
        var layers = new[] { (In: width, Out: hidden, Relu: true) }
            .Concat(Enumerable.Repeat((In: hidden, Out: hidden, Relu: true), depth - 1))
            .Append((In: hidden, Out: width, Relu: false)).ToArray();
        for (var i = 0; i < layers.Length; i++)
        {
            var (fanIn, fanOut, relu) = layers[i];
            var scale = Math.Sqrt((relu ? 2.0 : 1.0) / fanIn);     // He initialisation keeps activations alive through deep ReLU stacks
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
