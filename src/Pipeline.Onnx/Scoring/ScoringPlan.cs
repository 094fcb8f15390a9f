using Pipeline.Core.Models;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Scoring;

/// <summary>The mapping from feature columns to model inputs and from the probability output to one float per row, checked against the model.</summary>
internal sealed record ScoringPlan(IReadOnlyList<InputFeed> Feeds, string OutputName, ProbabilityReadout Readout, TensorElementType OutputType)
{
    private static readonly TensorElementType[] NumericTypes = [TensorElementType.Float, TensorElementType.Double, TensorElementType.Int64, TensorElementType.Int32, TensorElementType.Bool];

    /// <summary>Builds the plan; collects every mismatch and throws one <see cref="ModelMappingException"/> listing them all.</summary>
    public static ScoringPlan Build(InferenceSession session, FeatureMapping mapping)
    {
        var errors = new List<string>();
        var feeds = new List<InputFeed>();
        var mode = mapping.Mode.Trim().ToLowerInvariant();
        if (mode == "tensor")
        {
            if (mapping.Categorical.Count > 0)
                errors.Add($"features.mode tensor packs numeric columns into one float input; categorical columns ({string.Join(", ", mapping.Categorical)}) need mode named");
            var input = session.Inputs.FirstOrDefault(i => i.Name == mapping.TensorInput);
            if (input is null)
                errors.Add($"features.tensorInput {mapping.TensorInput} is not a model input (inputs: {Describe(session.Inputs)})");
            else
            {
                CheckTensor(input, mapping.Numeric.Count, numeric: true, $"columns [{string.Join(", ", mapping.Numeric)}]", errors);
                feeds.Add(new InputFeed(input.Name, mapping.Numeric, false, input.Type.ElementType, 2));
            }
        }
        else if (mode == "named")
        {
            foreach (var (column, categorical) in mapping.Numeric.Select(c => (c, false)).Concat(mapping.Categorical.Select(c => (c, true))))
            {
                var name = mapping.InputNames.GetValueOrDefault(column, column);
                var input = session.Inputs.FirstOrDefault(i => i.Name == name);
                if (input is null)
                {
                    errors.Add($"column {column} maps to input {name}, which the model does not have (inputs: {Describe(session.Inputs)})");
                    continue;
                }
                if (CheckTensor(input, 1, !categorical, $"column {column}", errors))
                    feeds.Add(new InputFeed(name, [column], categorical, input.Type.ElementType, input.Type.Shape is { Count: 1 } ? 1 : 2));
            }
        }
        else
        {
            errors.Add($"features.mode is \"{mapping.Mode}\"; use named (one input per column) or tensor (one [N,F] float input)");
        }

        var fed = feeds.Select(f => f.InputName).ToHashSet(StringComparer.Ordinal);
        foreach (var unfed in session.Inputs.Where(i => !fed.Contains(i.Name) && !errors.Any(e => e.Contains($"input {i.Name}", StringComparison.Ordinal))))
            errors.Add($"model input {unfed.Name} ({unfed.Type}) is not fed by any column of the mapping; add its column to features or map it with features.inputNames");

        var output = session.Outputs.FirstOrDefault(o => o.Name == mapping.OutputName);
        var readout = ProbabilityReadout.Column0;
        var outputType = TensorElementType.Float;
        var field = mapping.Task == ModelTask.Regression ? "features.valueOutput" : "features.probabilityOutput";
        if (output is null)
            errors.Add($"{field} {mapping.OutputName} is not a model output (outputs: {Describe(session.Outputs)})");
        else
            (readout, outputType) = mapping.Task switch
            {
                ModelTask.Regression => ChooseValueReadout(output, errors),
                ModelTask.Multiclass => ChooseClassReadout(output, mapping.ClassCount, errors),
                _ => ChooseReadout(output, errors),
            };

        if (errors.Count > 0) throw new ModelMappingException(session.Source, errors);
        return new ScoringPlan(feeds, output!.Name, readout, outputType);
    }

    private static bool CheckTensor(NodeInfo input, int width, bool numeric, string what, List<string> errors)
    {
        var t = input.Type;
        var ok = true;
        if (t.Kind != OnnxValueKind.Tensor)
        {
            errors.Add($"{what}: input {input.Name} is {t}, expected a tensor");
            return false;
        }
        if (numeric && !NumericTypes.Contains(t.ElementType))
        {
            errors.Add($"{what}: input {input.Name} is {t}, a numeric column needs float, double, int64, int32 or bool");
            ok = false;
        }
        if (!numeric && t.ElementType != TensorElementType.String)
        {
            errors.Add($"{what}: input {input.Name} is {t}, a categorical column is sent as string");
            ok = false;
        }
        if (t.Shape is { Count: > 0 } shape)
        {
            if (shape.Count > 2 || (shape.Count == 1 && width != 1))
            {
                errors.Add($"{what}: input {input.Name} has shape [{string.Join(",", shape)}], expected [N,{width}]");
                ok = false;
            }
            else if (shape.Count == 2 && shape[1].IsFixed && shape[1].Size != width)
            {
                errors.Add($"{what}: input {input.Name} has shape [{string.Join(",", shape)}], expected [N,{width}] ({width} column{(width == 1 ? "" : "s")})");
                ok = false;
            }
            else if (shape[0].IsFixed && shape[0].Size != 1)
            {
                errors.Add($"{what}: input {input.Name} has a fixed batch dimension {shape[0].Size}; the batch dimension must be symbolic (N) or 1");
                ok = false;
            }
        }
        return ok;
    }

    private static (ProbabilityReadout, TensorElementType) ChooseReadout(NodeInfo output, List<string> errors)
    {
        var t = output.Type;
        if (t.Kind == OnnxValueKind.Sequence && t.Inner is { Kind: OnnxValueKind.Map } map
            && (map.ElementType is TensorElementType.Int64 or TensorElementType.String)
            && map.Inner is { Kind: OnnxValueKind.Tensor, ElementType: TensorElementType.Float })
            return (ProbabilityReadout.ZipMap, TensorElementType.Float);
        if (t.Kind != OnnxValueKind.Tensor || t.ElementType is not (TensorElementType.Float or TensorElementType.Double))
        {
            errors.Add($"probability output {output.Name} is {t}; expected tensor(float) [N], [N,1] or [N,2], or a ZipMap seq(map(int64|string,float))");
            return (ProbabilityReadout.Column0, TensorElementType.Float);
        }
        var shape = t.Shape ?? [];
        var readout = shape.Count <= 1 ? ProbabilityReadout.Column0
            : shape.Count == 2 && shape[1].Size == 1 ? ProbabilityReadout.Column0
            : shape.Count == 2 && shape[1].Size >= 2 ? ProbabilityReadout.Column1
            : shape.Count == 2 ? ProbabilityReadout.ByRuntimeShape
            : (ProbabilityReadout)(-1);
        if ((int)readout < 0)
        {
            errors.Add($"probability output {output.Name} has shape [{string.Join(",", shape)}]; expected [N], [N,1] or [N,2]");
            readout = ProbabilityReadout.Column0;
        }
        return (readout, t.ElementType);
    }

    private static (ProbabilityReadout, TensorElementType) ChooseValueReadout(NodeInfo output, List<string> errors)
    {
        var t = output.Type;
        var shape = t.Shape ?? [];
        if (t.Kind != OnnxValueKind.Tensor || t.ElementType is not (TensorElementType.Float or TensorElementType.Double)
            || shape.Count > 2 || (shape.Count == 2 && shape[1].IsFixed && shape[1].Size != 1))
            errors.Add($"regression output {output.Name} is {t}; expected a tensor(float) of shape [N] or [N,1] (one value per row)");
        return (ProbabilityReadout.Value, t.ElementType is TensorElementType.Double ? TensorElementType.Double : TensorElementType.Float);
    }

    private static (ProbabilityReadout, TensorElementType) ChooseClassReadout(NodeInfo output, int classes, List<string> errors)
    {
        var t = output.Type;
        if (t.Kind == OnnxValueKind.Sequence && t.Inner is { Kind: OnnxValueKind.Map } map
            && (map.ElementType is TensorElementType.Int64 or TensorElementType.String)
            && map.Inner is { Kind: OnnxValueKind.Tensor, ElementType: TensorElementType.Float })
            return (ProbabilityReadout.ZipMapClasses, TensorElementType.Float);
        var shape = t.Shape ?? [];
        if (t.Kind != OnnxValueKind.Tensor || t.ElementType is not (TensorElementType.Float or TensorElementType.Double) || shape.Count != 2
            || (shape[1].IsFixed && shape[1].Size != classes))
            errors.Add($"multiclass output {output.Name} is {t}; expected tensor(float) [N,{classes}] (one probability per class of data.classes) or a ZipMap seq(map(int64|string,float))");
        return (ProbabilityReadout.Classes, t.ElementType is TensorElementType.Double ? TensorElementType.Double : TensorElementType.Float);
    }

    private static string Describe(IEnumerable<NodeInfo> nodes) => string.Join(", ", nodes.Select(n => $"{n.Name} {n.Type}"));
}
