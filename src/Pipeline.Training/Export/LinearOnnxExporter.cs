using System.Globalization;
using Google.Protobuf;
using Pipeline.Core.Models;
using Pipeline.Onnx.Proto;
using Pipeline.Training.Linear;

namespace Pipeline.Training.Export;

/// <summary>
/// Writes a built-in ridge or multinomial logistic regression as one ONNX graph with the same preprocessing inside as the binary one
/// (<see cref="LogisticOnnxExporter.AddPreprocessing"/>): regression → MatMul + bias → <c>value</c> float [N,1];
/// multiclass → MatMul + bias → Softmax → <c>probability</c> float [N,K] and ArgMax → <c>label</c> int64 [N]. No timestamps.
/// </summary>
public static class LinearOnnxExporter
{
    public static byte[] ToBytes(LinearModel model) => Build(model).ToByteArray();

    public static ModelProto Build(LinearModel model)
    {
        var g = new OnnxGraphBuilder(model.Name);
        var features = LogisticOnnxExporter.AddPreprocessing(g, model.Plan, model.InputNames);
        var k = model.Fit.Weights.Length;
        var d = model.Plan.Width;
        // Column-major by output: coef[j, c] = Weights[c][j].
        var coef = new float[d * k];
        for (var j = 0; j < d; j++) for (var c = 0; c < k; c++) coef[j * k + c] = (float)model.Fit.Weights[c][j];
        var weights = g.Floats("coef", coef, d, k);
        var bias = g.Floats("intercept", model.Fit.Intercepts.Select(v => (float)v).ToArray(), k);
        g.Node("MatMul", [features, weights], "margin_raw");
        if (model.Task == ModelTask.Regression)
        {
            g.Node("Add", ["margin_raw", bias], model.OutputName);
            g.Output(model.OutputName, TensorProto.Types.DataType.Float, "N", 1);
            g.Graph.DocString = "Built-in ridge regression with preprocessing (imputation, standardisation, one-hot) inside the graph.";
        }
        else
        {
            g.Node("Add", ["margin_raw", bias], "margin");
            g.Node("Softmax", ["margin"], model.OutputName).Attribute.Add(OnnxGraphBuilder.Int("axis", 1));
            var argmax = g.Node("ArgMax", [model.OutputName], "label");
            argmax.Attribute.Add(OnnxGraphBuilder.Int("axis", 1));
            argmax.Attribute.Add(OnnxGraphBuilder.Int("keepdims", 0));
            g.Output("label", TensorProto.Types.DataType.Int64, "N");
            g.Output(model.OutputName, TensorProto.Types.DataType.Float, "N", k);
            g.Graph.DocString = "Built-in multinomial logistic regression with preprocessing (imputation, standardisation, one-hot) inside the graph.";
        }

        return LogisticOnnxExporter.Wrap(g.Graph, model.Name, Metadata(model));
    }

    private static IEnumerable<(string, string)> Metadata(LinearModel model)
    {
        yield return ("pipeline.trainer", model.Trainer);
        yield return ("pipeline.task", model.Task.Name());
        yield return ("pipeline.hyperparameters", string.Join(";", model.Options.ToCanonical().Select(kv => $"{kv.Key}={kv.Value}")));
        yield return ("pipeline.features.numeric", string.Join(",", model.Plan.Numeric.Select(n => n.Column)));
        yield return ("pipeline.features.categorical", string.Join(",", model.Plan.Categorical.Select(c => c.Column)));
        yield return ("pipeline.design", string.Join(",", model.Plan.FeatureNames));
        yield return ("pipeline.data.digest", model.DataDigest);
        yield return ("pipeline.fit", string.Create(CultureInfo.InvariantCulture,
            $"iterations={model.Fit.Iterations};converged={model.Fit.Converged};train_loss={model.Fit.TrainingLoss:R}"));
    }
}
