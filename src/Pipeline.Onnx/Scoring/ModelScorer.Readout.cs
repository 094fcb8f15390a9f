using Pipeline.Onnx.Runtime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Scoring;

public sealed partial class ModelScorer
{
    /// <summary>Reads one probability per row from the workspace's pre-allocated output, whose shape is known.</summary>
    private void ReadProbabilities(ScoringWorkspace workspace, int count, Span<float> destination)
    {
        var width = workspace.OutputWidth;
        if (plan.Readout == ProbabilityReadout.Classes)
        {
            // K probabilities per row, row-major, as the scorer answers them.
            if (plan.OutputType == TensorElementType.Double)
            {
                var all = workspace.OutputData<double>(count);
                for (var i = 0; i < count * width; i++) destination[i] = (float)all[i];
            }
            else
            {
                workspace.OutputData<float>(count)[..(count * width)].CopyTo(destination);
            }
            return;
        }
        var column = plan.Readout == ProbabilityReadout.Column1 ? 1 : 0;
        if (plan.OutputType == TensorElementType.Double)
        {
            var data = workspace.OutputData<double>(count);
            for (var r = 0; r < count; r++) destination[r] = (float)data[r * width + column];
        }
        else
        {
            var data = workspace.OutputData<float>(count);
            for (var r = 0; r < count; r++) destination[r] = data[r * width + column];
        }
    }

    /// <summary>Reads one probability per row from an output ONNX Runtime allocated (ZipMap, or a width known only at run time).</summary>
    private void ReadProbabilities(Ort.OrtValue output, int count, Span<float> destination)
    {
        if (plan.Readout == ProbabilityReadout.ZipMap)
        {
            ReadZipMap(output, count, destination);
            return;
        }
        if (plan.Readout == ProbabilityReadout.ZipMapClasses)
        {
            ReadZipMapClasses(output, count, destination);
            return;
        }
        var dims = output.GetTensorTypeAndShape().Shape;
        var rank = dims.Length;
        if (rank > 2 || (rank >= 1 && dims[0] != count))
            throw new InvalidOperationException($"output {plan.OutputName} of {Session.Source} has shape [{string.Join(",", dims)}] for {count} rows; expected [N], [N,1] or [N,2]");
        var width = rank >= 2 ? (int)dims[1] : 1;
        if (plan.Readout == ProbabilityReadout.Value && width != 1)
            throw new InvalidOperationException($"regression output {plan.OutputName} of {Session.Source} has {width} columns; expected [N] or [N,1]");
        if (plan.Readout == ProbabilityReadout.Classes)
        {
            var k = Mapping.ClassCount;
            if (rank != 2 || width != k)
                throw new InvalidOperationException($"multiclass output {plan.OutputName} of {Session.Source} has {(rank == 2 ? width : 1)} columns; data.classes names {k} classes");
            if (plan.OutputType == TensorElementType.Double)
            {
                var all = output.GetTensorDataAsSpan<double>();
                for (var i = 0; i < count * k; i++) destination[i] = (float)all[i];
            }
            else
            {
                output.GetTensorDataAsSpan<float>()[..(count * k)].CopyTo(destination);
            }
            return;
        }
        var column = plan.Readout switch
        {
            ProbabilityReadout.Column1 => 1,
            ProbabilityReadout.ByRuntimeShape => width >= 2 ? 1 : 0,
            _ => 0,
        };
        if (plan.OutputType == TensorElementType.Double)
        {
            var data = output.GetTensorDataAsSpan<double>();
            for (var r = 0; r < count; r++) destination[r] = (float)data[r * width + column];
        }
        else
        {
            var data = output.GetTensorDataAsSpan<float>();
            for (var r = 0; r < count; r++) destination[r] = data[r * width + column];
        }
    }

    private void ReadZipMap(Ort.OrtValue sequence, int count, Span<float> destination)
    {
        var n = sequence.GetValueCount();
        if (n != count) throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has {n} maps for {count} rows");
        var allocator = Ort.OrtAllocator.DefaultInstance;
        for (var r = 0; r < count; r++)
        {
            using var map = sequence.GetValue(r, allocator);
            using var keys = map.GetValue(0, allocator);
            using var values = map.GetValue(1, allocator);
            var index = PositiveIndex(keys);
            if (index < 0)
                throw new InvalidOperationException(
                    $"ZipMap output {plan.OutputName} of {Session.Source} has no positive-class key (looked for 1 / \"{options.PositiveLabel}\"; keys: {string.Join(", ", ((OnnxTensor)OrtTypes.Read(keys)).Data.Cast<object>())}). Set the positive label in the scorer options.");
            destination[r] = values.GetTensorDataAsSpan<float>()[index];
        }
    }

    /// <summary>Multiclass ZipMap: each row's probabilities in class order (int64 keys 0..K-1, or string keys equal to data.classes or "0".."K-1").</summary>
    private void ReadZipMapClasses(Ort.OrtValue sequence, int count, Span<float> destination)
    {
        var k = Mapping.ClassCount;
        var n = sequence.GetValueCount();
        if (n != count) throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has {n} maps for {count} rows");
        var allocator = Ort.OrtAllocator.DefaultInstance;
        for (var r = 0; r < count; r++)
        {
            using var map = sequence.GetValue(r, allocator);
            using var keys = map.GetValue(0, allocator);
            using var values = map.GetValue(1, allocator);
            var keyTensor = (OnnxTensor)OrtTypes.Read(keys);
            var names = keyTensor.Data.Cast<object>().Select(o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
            if (names.Length != k)
                throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has {names.Length} classes ({string.Join(", ", names)}); data.classes names {k}");
            var p = values.GetTensorDataAsSpan<float>();
            for (var c = 0; c < k; c++)
            {
                var index = Array.IndexOf(names, c.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (index < 0 && options.ClassNames is { } classNames && c < classNames.Count) index = Array.IndexOf(names, classNames[c]);
                if (index < 0)
                    throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has no key for class {c} (keys: {string.Join(", ", names)}); use keys 0..{k - 1} or the data.classes names");
                destination[r * k + c] = p[index];
            }
        }
    }

    private int PositiveIndex(Ort.OrtValue keys)
    {
        var info = keys.GetTensorTypeAndShape();
        var count = (int)info.ElementCount;
        if (info.ElementDataType == Ort.Tensors.TensorElementType.Int64)
        {
            var k = keys.GetTensorDataAsSpan<long>();
            for (var i = 0; i < count; i++) if (k[i] == 1) return i;
            return -1;
        }
        for (var i = 0; i < count; i++)
            if (keys.GetStringElementAsSpan(i).SequenceEqual(positiveLabel)) return i;
        return -1;
    }
}
