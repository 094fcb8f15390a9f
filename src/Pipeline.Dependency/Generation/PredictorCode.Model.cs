using System.Text;
using Pipeline.Core.Models;

namespace Pipeline.Dependency.Generation;

public static partial class PredictorCode
{
    private static void AppendModel(StringBuilder sb, PredictorSpec spec)
    {
        var p = spec.TypePrefix;
        var row = $"{p}Row";
        var prediction = $"{p}Prediction";
        sb.AppendLine($"    /// <summary>{Xml(spec.Model)} {Xml(spec.Version)} ({Xml(spec.ModelDigest)}) on ONNX Runtime, the model the pipeline's gates accepted; thread-safe, dispose when done.</summary>");
        sb.AppendLine($"    public sealed class {p}Model : IDisposable");
        sb.AppendLine("    {");
        sb.AppendLine("        /// <summary>The model's name in the pipeline (folder under models/).</summary>");
        sb.AppendLine($"        public const string Name = {Literal(spec.Model)};");
        sb.AppendLine("        /// <summary>The registry version this package is.</summary>");
        sb.AppendLine($"        public const string Version = {Literal(spec.Version)};");
        sb.AppendLine("        /// <summary>SHA-256 digest of the packaged ONNX file; loading checks it.</summary>");
        sb.AppendLine($"        public const string ModelDigest = {Literal(spec.ModelDigest)};");
        sb.AppendLine("        /// <summary>The data contract whose feature columns the row type carries.</summary>");
        sb.AppendLine($"        public const string Contract = {Literal(spec.Contract)};");
        if (spec.Task == ModelTask.Binary)
        {
            sb.AppendLine("        /// <summary>Decision threshold: a probability at or above it is positive.</summary>");
            sb.AppendLine($"        public const float Threshold = {Literal((float)spec.Threshold)};");
        }
        if (spec.Task == ModelTask.Multiclass)
        {
            sb.AppendLine("        /// <summary>Class names in output order.</summary>");
            sb.AppendLine($"        public static IReadOnlyList<string> ClassNames {{ get; }} = new[] {{ {string.Join(", ", spec.ClassNames.Select(Literal))} }};");
        }
        sb.AppendLine($"        private static readonly string[] InputNames = {{ {string.Join(", ", spec.Inputs.Select(i => Literal(i.Name)))} }};");
        sb.AppendLine($"        private static readonly string[] OutputNames = {{ {Literal(spec.OutputName)} }};");
        sb.AppendLine("        private readonly InferenceSession _session;");
        sb.AppendLine();
        sb.AppendLine("        /// <summary>Loads the packaged ONNX file into an ONNX Runtime session with default options.</summary>");
        sb.AppendLine($"        public {p}Model() : this(null) {{ }}");
        sb.AppendLine();
        sb.AppendLine("        /// <summary>Loads the packaged ONNX file into an ONNX Runtime session with the given options (null: defaults).</summary>");
        sb.AppendLine($"        public {p}Model(SessionOptions? options)");
        sb.AppendLine("        {");
        sb.AppendLine("            var bytes = ReadModel();");
        sb.AppendLine("            _session = options is null ? new InferenceSession(bytes) : new InferenceSession(bytes, options);");
        sb.AppendLine("        }");
        sb.AppendLine();
        sb.AppendLine("        /// <summary>The packaged ONNX file, checked against <see cref=\"ModelDigest\"/>.</summary>");
        sb.AppendLine("        public static byte[] ReadModel()");
        sb.AppendLine("        {");
        sb.AppendLine($"            using var stream = typeof({p}Model).Assembly.GetManifestResourceStream({Literal(spec.ResourceName)})");
        sb.AppendLine($"                ?? throw new InvalidOperationException({Literal($"the assembly has no resource {spec.ResourceName}; reinstall the package")});");
        sb.AppendLine("            using var memory = new MemoryStream();");
        sb.AppendLine("            stream.CopyTo(memory);");
        sb.AppendLine("            var bytes = memory.ToArray();");
        sb.AppendLine("            var digest = \"sha256:\" + Convert.ToHexStringLower(SHA256.HashData(bytes));");
        sb.AppendLine("            if (digest != ModelDigest)");
        sb.AppendLine("                throw new InvalidDataException($\"the packaged model is {digest}, not the accepted {ModelDigest}; the package was altered, reinstall it\");");
        sb.AppendLine("            return bytes;");
        sb.AppendLine("        }");
        sb.AppendLine();
        sb.AppendLine("        /// <summary>Predicts one row.</summary>");
        sb.AppendLine($"        public {prediction} Predict({row} row) => PredictBatch(new[] {{ row ?? throw new ArgumentNullException(nameof(row)) }})[0];");
        sb.AppendLine();
        sb.AppendLine("        /// <summary>Predicts many rows in one ONNX Runtime run; one prediction per row, in order.</summary>");
        sb.AppendLine($"        public {prediction}[] PredictBatch(IReadOnlyList<{row}> rows)");
        sb.AppendLine("        {");
        sb.AppendLine("            ArgumentNullException.ThrowIfNull(rows);");
        sb.AppendLine("            var n = rows.Count;");
        sb.AppendLine($"            if (n == 0) return Array.Empty<{prediction}>();");
        sb.AppendLine("            for (var r = 0; r < n; r++)");
        sb.AppendLine("                if (rows[r] is null) throw new ArgumentException($\"rows[{r}] is null\", nameof(rows));");
        sb.AppendLine("            var inputs = new OrtValue[InputNames.Length];");
        sb.AppendLine("            try");
        sb.AppendLine("            {");
        for (var i = 0; i < spec.Inputs.Count; i++) AppendInput(sb, spec, i);
        sb.AppendLine("                using var runOptions = new RunOptions();");
        sb.AppendLine("                using var outputs = _session.Run(runOptions, InputNames, inputs, OutputNames);");
        sb.AppendLine("                return Read(outputs[0], n);");
        sb.AppendLine("            }");
        sb.AppendLine("            finally");
        sb.AppendLine("            {");
        sb.AppendLine("                foreach (var value in inputs) value?.Dispose();");
        sb.AppendLine("            }");
        sb.AppendLine("        }");
        sb.AppendLine();
        AppendRead(sb, spec, prediction);
        sb.AppendLine();
        sb.AppendLine("        /// <summary>Releases the ONNX Runtime session.</summary>");
        sb.AppendLine("        public void Dispose() => _session.Dispose();");
        sb.AppendLine("    }");
        sb.AppendLine();
    }

    private static void AppendInput(StringBuilder sb, PredictorSpec spec, int index)
    {
        var input = spec.Inputs[index];
        var width = input.Features.Count;
        var shape = input.Rank == 1 ? "new long[] { n }" : $"new long[] {{ n, {width} }}";
        sb.AppendLine($"                // {input.Name}: {input.ElementType} [{(input.Rank == 1 ? "N" : $"N,{width}")}] from {string.Join(", ", input.Features.Select(f => spec.Features[f].Column))}");
        if (input.ElementType == "string")
        {
            var f = spec.Features[input.Features[0]];
            sb.AppendLine($"                inputs[{index}] = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, {shape});");
            sb.AppendLine($"                for (var r = 0; r < n; r++) inputs[{index}].StringTensorSetElementAt({TextOf(f, "rows[r]")}.AsSpan(), r);");
            return;
        }
        sb.AppendLine($"                var data{index} = new {input.ElementType}[n * {width}];");
        sb.AppendLine("                for (var r = 0; r < n; r++)");
        sb.AppendLine("                {");
        sb.AppendLine("                    var row = rows[r];");
        for (var c = 0; c < width; c++)
        {
            var f = spec.Features[input.Features[c]];
            var target = width == 1 ? $"data{index}[r]" : $"data{index}[r * {width} + {c}]";
            sb.AppendLine($"                    {target} = {Convert(input.ElementType, NumberOf(f, "row"))};");
        }
        sb.AppendLine("                }");
        sb.AppendLine($"                inputs[{index}] = OrtValue.CreateTensorValueFromMemory(data{index}, {shape});");
    }

    /// <summary>The feature as the server's float: JSON numbers as float, booleans 1/0, null NaN.</summary>
    private static string NumberOf(PredictorFeature f, string row)
    {
        var v = $"{row}.{f.Property}";
        return (f.ClrType, f.Nullable) switch
        {
            ("float", false) => v,
            ("float", true) => $"({v} ?? float.NaN)",
            ("int", false) => $"(float){v}",
            ("int", true) => $"({v}.HasValue ? (float){v}.Value : float.NaN)",
            ("bool", false) => $"({v} ? 1f : 0f)",
            ("bool", true) => $"({v}.HasValue ? ({v}.Value ? 1f : 0f) : float.NaN)",
            _ => throw new InvalidOperationException($"feature {f.Column} of type {f.ClrType} is not numeric"),
        };
    }

    /// <summary>The feature as the server's category text: strings as they are, booleans true/false, integers invariant, null "".</summary>
    private static string TextOf(PredictorFeature f, string row)
    {
        var v = $"{row}.{f.Property}";
        return (f.ClrType, f.Nullable) switch
        {
            ("string", _) => $"({v} ?? \"\")",
            ("bool", false) => $"({v} ? \"true\" : \"false\")",
            ("bool", true) => $"({v}.HasValue ? ({v}.Value ? \"true\" : \"false\") : \"\")",
            ("long", false) => $"{v}.ToString(CultureInfo.InvariantCulture)",
            ("long", true) => $"({v}.HasValue ? {v}.Value.ToString(CultureInfo.InvariantCulture) : \"\")",
            _ => throw new InvalidOperationException($"feature {f.Column} of type {f.ClrType} is not categorical"),
        };
    }

    /// <summary>The float converted to the input's element type as the server's scoring workspace does.</summary>
    private static string Convert(string elementType, string value) => elementType switch
    {
        "float" => value,
        "double" => $"(double){value}",
        "long" => $"FeatureValues.Int64({value})",
        "int" => $"FeatureValues.Int32({value})",
        "bool" => $"FeatureValues.Bool({value})",
        _ => throw new InvalidOperationException($"element type {elementType} is not numeric"),
    };

    private static void AppendRead(StringBuilder sb, PredictorSpec spec, string prediction)
    {
        sb.AppendLine($"        private static {prediction}[] Read(OrtValue output, int n)");
        sb.AppendLine("        {");
        sb.AppendLine($"            var result = new {prediction}[n];");
        switch (spec.Task)
        {
            case ModelTask.Multiclass:
                var k = spec.ClassNames.Count;
                var indexKeys = string.Join(", ", Enumerable.Range(0, k).Select(i => Literal(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                sb.AppendLine($"            var values = OnnxOutputs.Classes(output, n, {k}, new[] {{ {indexKeys} }}, ClassNames);");
                sb.AppendLine("            for (var r = 0; r < n; r++)");
                sb.AppendLine("            {");
                sb.AppendLine($"                var probabilities = new float[{k}];");
                sb.AppendLine($"                Array.Copy(values, r * {k}, probabilities, 0, {k});");
                sb.AppendLine("                var best = 0;");
                sb.AppendLine($"                for (var c = 1; c < {k}; c++) if (probabilities[c] > probabilities[best]) best = c;");
                sb.AppendLine($"                result[r] = new {prediction}(best, ClassNames[best], probabilities);");
                sb.AppendLine("            }");
                break;
            case ModelTask.Regression:
                sb.AppendLine("            var values = OnnxOutputs.Column(output, n, regression: true, positiveKey: \"1\");");
                sb.AppendLine($"            for (var r = 0; r < n; r++) result[r] = new {prediction}(values[r]);");
                break;
            default:
                sb.AppendLine($"            var values = OnnxOutputs.Column(output, n, regression: false, positiveKey: {Literal(spec.PositiveLabel)});");
                sb.AppendLine($"            for (var r = 0; r < n; r++) result[r] = new {prediction}(values[r], values[r] >= Threshold);");
                break;
        }
        sb.AppendLine("            return result;");
        sb.AppendLine("        }");
    }
}
