namespace Pipeline.Dependency.Generation;

public static partial class PredictorCode
{
    /// <summary>The same in every package: conversions as the server's scoring workspace makes them, and output readouts as its scorer reads them.</summary>
    private const string Helpers = """
    internal static class FeatureValues
    {
        public static long Int64(float v) => float.IsNaN(v) ? 0 : (long)v;

        public static int Int32(float v) => float.IsNaN(v) ? 0 : (int)v;

        public static bool Bool(float v) => v != 0 && !float.IsNaN(v);
    }

    internal static class OnnxOutputs
    {
        /// <summary>One value per row: column 1 of an [N,2+] probability tensor, else column 0; or the positive key of a ZipMap.</summary>
        public static float[] Column(OrtValue output, int n, bool regression, string positiveKey)
        {
            if (!output.IsTensor) return ZipMap(output, n, new[] { positiveKey }, null);
            var values = Tensor(output, n, out var width);
            if (regression && width != 1) throw new InvalidOperationException($"the model's output has {width} columns per row; a regression model gives one value");
            var column = width >= 2 ? 1 : 0;
            var result = new float[n];
            for (var r = 0; r < n; r++) result[r] = values[r * width + column];
            return result;
        }

        /// <summary>K probabilities per row, row-major, in class order.</summary>
        public static float[] Classes(OrtValue output, int n, int k, string[] indexKeys, IReadOnlyList<string> names)
        {
            if (!output.IsTensor) return ZipMap(output, n, indexKeys, names);
            var values = Tensor(output, n, out var width);
            if (width != k) throw new InvalidOperationException($"the model's output has {width} columns per row for {k} classes");
            return values;
        }

        private static float[] Tensor(OrtValue output, int n, out int width)
        {
            var info = output.GetTensorTypeAndShape();
            var shape = info.Shape;
            if (shape.Length > 2 || (shape.Length >= 1 && shape[0] != n))
                throw new InvalidOperationException($"the model's output has shape [{string.Join(",", shape)}] for {n} rows");
            width = shape.Length >= 2 ? (int)shape[1] : 1;
            var values = new float[n * width];
            if (info.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Double)
            {
                var data = output.GetTensorDataAsSpan<double>();
                for (var i = 0; i < values.Length; i++) values[i] = (float)data[i];
            }
            else
            {
                output.GetTensorDataAsSpan<float>().Slice(0, values.Length).CopyTo(values);
            }
            return values;
        }

        /// <summary>A ZipMap (sequence of maps) read in key order: keys as text (int64 keys invariant), else the alternate names.</summary>
        private static float[] ZipMap(OrtValue output, int n, string[] keys, IReadOnlyList<string>? alternate)
        {
            var count = output.GetValueCount();
            if (count != n) throw new InvalidOperationException($"the model's ZipMap output has {count} maps for {n} rows");
            var allocator = OrtAllocator.DefaultInstance;
            var values = new float[n * keys.Length];
            for (var r = 0; r < n; r++)
            {
                using var map = output.GetValue(r, allocator);
                using var mapKeys = map.GetValue(0, allocator);
                using var mapValues = map.GetValue(1, allocator);
                var info = mapKeys.GetTensorTypeAndShape();
                var names = new string[(int)info.ElementCount];
                for (var i = 0; i < names.Length; i++)
                    names[i] = info.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64
                        ? mapKeys.GetTensorDataAsSpan<long>()[i].ToString(CultureInfo.InvariantCulture)
                        : mapKeys.GetStringElementAsSpan(i).ToString();
                var p = mapValues.GetTensorDataAsSpan<float>();
                for (var c = 0; c < keys.Length; c++)
                {
                    var index = Array.IndexOf(names, keys[c]);
                    if (index < 0 && alternate is not null && c < alternate.Count) index = Array.IndexOf(names, alternate[c]);
                    if (index < 0) throw new InvalidOperationException($"the model's ZipMap output has no key {keys[c]} (keys: {string.Join(", ", names)})");
                    values[r * keys.Length + c] = p[index];
                }
            }
            return values;
        }
    }

""";
}
