using Pipeline.Onnx.Runtime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Scoring;

public sealed partial class ModelScorer
{
    /// <summary>Reads one probability per row from the workspace's pre-allocated output, whose shape is known.</summary>
    private void ReadProbabilities(ScoringWorkspace workspace, int count, Span<float> destination)
    {
        var width = workspace.OutputWidth;
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
        var dims = output.GetTensorTypeAndShape().Shape;
        var rank = dims.Length;
        if (rank > 2 || (rank >= 1 && dims[0] != count))
            throw new InvalidOperationException($"output {plan.OutputName} of {Session.Source} has shape [{string.Join(",", dims)}] for {count} rows; expected [N], [N,1] or [N,2]");
        var width = rank >= 2 ? (int)dims[1] : 1;
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
