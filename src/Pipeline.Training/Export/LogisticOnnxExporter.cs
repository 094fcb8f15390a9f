using System.Globalization;
using Google.Protobuf;
using Pipeline.Onnx.Proto;

namespace Pipeline.Training.Export;

/// <summary>
/// Writes a trained logistic regression as one ONNX graph with its preprocessing inside: per-column inputs (numeric float [N,1],
/// categorical string [N,1]) → median imputation (Where(IsNaN)) → standardisation → missing indicators → one-hot
/// (ai.onnx.ml OneHotEncoder, zeros=1 so unseen categories encode as all zeros) → Concat → MatMul + bias → Sigmoid;
/// outputs <c>label</c> int64 [N] and <c>probability</c> float [N,2]. No timestamps: same model → same bytes.
/// </summary>
public static class LogisticOnnxExporter
{
    public const string Producer = "Pipeline";
    public const string ProducerVersion = "training/1";

    public static byte[] ToBytes(LogisticModel model) => Build(model).ToByteArray();

    public static void Write(LogisticModel model, string path)
    {
        var bytes = ToBytes(model);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, bytes);
    }

    public static ModelProto Build(LogisticModel model)
    {
        var g = new OnnxGraphBuilder(model.Name);
        var features = AddPreprocessing(g, model.Plan, model.InputNames);
        var weights = g.Floats("coef", model.Fit.Weights.Select(w => (float)w).ToArray(), model.Fit.Weights.Length, 1);
        var bias = g.Floats("intercept", [(float)model.Fit.Intercept], 1);
        g.Node("MatMul", [features, weights], "margin_raw");
        g.Node("Add", ["margin_raw", bias], "margin");
        g.Node("Sigmoid", ["margin"], "p1");
        var one = g.Floats("one", [1f], 1);
        g.Node("Sub", [one, "p1"], "p0");
        g.Node("Concat", ["p0", "p1"], "probability").Attribute.Add(OnnxGraphBuilder.Int("axis", 1));
        var half = g.Floats("half", [0.5f], 1);
        g.Node("Greater", ["p1", half], "is_positive");
        g.Node("Cast", ["is_positive"], "label_2d").Attribute.Add(OnnxGraphBuilder.Int("to", (long)TensorProto.Types.DataType.Int64));
        var flat = g.Int64s("label_shape", [-1], 1);
        g.Node("Reshape", ["label_2d", flat], "label");
        g.Output("label", TensorProto.Types.DataType.Int64, "N");
        g.Output("probability", TensorProto.Types.DataType.Float, "N", 2);
        g.Graph.DocString = "Built-in L2 logistic regression with preprocessing (imputation, standardisation, one-hot) inside the graph.";

        return Wrap(g.Graph, model.Name, Metadata(model));
    }

    /// <summary>The model around a built-in trainer's graph: producer, opsets (ONNX 17, ai.onnx.ml 3) and the pipeline's metadata.</summary>
    internal static ModelProto Wrap(GraphProto graph, string name, IEnumerable<(string Key, string Value)> metadata)
    {
        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = Producer,
            ProducerVersion = ProducerVersion,
            Domain = "ai.pipeline",
            ModelVersion = 1,
            DocString = name,
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxGraphBuilder.MlDomain, Version = 3 });
        foreach (var (key, value) in metadata) proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

    /// <summary>Adds the inputs and the preprocessing of <paramref name="plan"/> to the graph; returns the name of the [N,width] design tensor.</summary>
    internal static string AddPreprocessing(OnnxGraphBuilder g, Preprocessing.PreprocessingPlan plan, IReadOnlyDictionary<string, string> inputNames)
    {
        var parts = new List<string>();
        string InputName(string column) => inputNames.TryGetValue(column, out var n) && n.Length > 0 ? n : column;

        if (plan.Numeric.Count > 0)
        {
            var numericInputs = new List<string>();
            foreach (var n in plan.Numeric)
            {
                g.FloatInput(InputName(n.Column), "N", 1);
                numericInputs.Add(InputName(n.Column));
            }
            var raw = numericInputs.Count == 1 ? numericInputs[0] : "numeric_raw";
            if (numericInputs.Count > 1) g.Node("Concat", [.. numericInputs], raw).Attribute.Add(OnnxGraphBuilder.Int("axis", 1));
            g.Node("IsNaN", [raw], "numeric_missing");
            var medians = g.Floats("numeric_median", plan.Numeric.Select(n => n.Median).ToArray(), 1, plan.Numeric.Count);
            g.Node("Where", ["numeric_missing", medians, raw], "numeric_imputed");
            var means = g.Floats("numeric_mean", plan.Numeric.Select(n => n.Mean).ToArray(), 1, plan.Numeric.Count);
            var stds = g.Floats("numeric_std", plan.Numeric.Select(n => n.StdDev).ToArray(), 1, plan.Numeric.Count);
            g.Node("Sub", ["numeric_imputed", means], "numeric_centered");
            g.Node("Div", ["numeric_centered", stds], "numeric_scaled");
            parts.Add("numeric_scaled");

            var indicatorIndex = plan.Numeric.Select((n, i) => (n, i)).Where(t => t.n.MissingIndicator).Select(t => (long)t.i).ToArray();
            if (indicatorIndex.Length > 0)
            {
                g.Node("Cast", ["numeric_missing"], "numeric_missing_f").Attribute.Add(OnnxGraphBuilder.Int("to", (long)TensorProto.Types.DataType.Float));
                var idx = g.Int64s("indicator_index", indicatorIndex, indicatorIndex.Length);
                g.Node("Gather", ["numeric_missing_f", idx], "missing_indicators").Attribute.Add(OnnxGraphBuilder.Int("axis", 1));
                parts.Add("missing_indicators");
            }
        }

        foreach (var c in plan.Categorical)
        {
            var input = InputName(c.Column);
            g.StringInput(input, "N", 1);
            if (c.Categories.Count == 0) continue; // nothing seen often enough: the column contributes no features
            var onehot = g.Node("OneHotEncoder", [input], c.Column + "_onehot3d", OnnxGraphBuilder.MlDomain);
            onehot.Attribute.Add(OnnxGraphBuilder.Strings("cats_strings", c.Categories));
            onehot.Attribute.Add(OnnxGraphBuilder.Int("zeros", 1));
            var shape = g.Int64s(c.Column + "_onehot_shape", [-1, c.Categories.Count], 2);
            g.Node("Reshape", [c.Column + "_onehot3d", shape], c.Column + "_onehot");
            parts.Add(c.Column + "_onehot");
        }

        var features = parts.Count == 1 ? parts[0] : "features";
        if (parts.Count > 1) g.Node("Concat", [.. parts], features).Attribute.Add(OnnxGraphBuilder.Int("axis", 1));
        return features;
    }

    private static IEnumerable<(string, string)> Metadata(LogisticModel model)
    {
        yield return ("pipeline.trainer", "logistic-regression");
        yield return ("pipeline.hyperparameters", string.Join(";", model.Options.ToCanonical().Select(kv => $"{kv.Key}={kv.Value}")));
        yield return ("pipeline.features.numeric", string.Join(",", model.Plan.Numeric.Select(n => n.Column)));
        yield return ("pipeline.features.categorical", string.Join(",", model.Plan.Categorical.Select(c => c.Column)));
        yield return ("pipeline.design", string.Join(",", model.Plan.FeatureNames));
        yield return ("pipeline.data.digest", model.DataDigest);
        yield return ("pipeline.fit", string.Create(CultureInfo.InvariantCulture,
            $"iterations={model.Fit.Iterations};converged={model.Fit.Converged};train_logloss={model.Fit.TrainingLogLoss:R}"));
    }
}
