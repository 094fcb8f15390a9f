using Pipeline.Onnx.Native;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Scoring;

public sealed unsafe partial class ModelScorer
{
    private void ReadProbabilities(IntPtr output, int count, Span<float> destination)
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
        var api = OrtRuntime.Instance.Api;
        IntPtr info;
        OrtStatus.Check(api, api.GetTensorTypeAndShape(output, &info), "reading output", plan.OutputName);
        nuint rank;
        var dims = stackalloc long[4];
        try
        {
            OrtStatus.Check(api, api.GetDimensionsCount(info, &rank), "reading output", plan.OutputName);
            if (rank > 4) throw new InvalidOperationException($"output {plan.OutputName} of {Session.Source} has rank {rank}; expected [N], [N,1] or [N,2]");
            OrtStatus.Check(api, api.GetDimensions(info, dims, rank), "reading output", plan.OutputName);
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
        var width = rank >= 2 ? dims[1] : 1;
        if ((rank >= 1 && dims[0] != count) || rank > 2)
            throw new InvalidOperationException($"output {plan.OutputName} of {Session.Source} has shape [{string.Join(",", new ReadOnlySpan<long>(dims, (int)rank).ToArray())}] for {count} rows; expected [N], [N,1] or [N,2]");
        if (plan.Readout == ProbabilityReadout.Value && width != 1)
            throw new InvalidOperationException($"regression output {plan.OutputName} of {Session.Source} has {width} columns; expected [N] or [N,1]");
        if (plan.Readout == ProbabilityReadout.Classes)
        {
            var k = Mapping.ClassCount;
            if (rank != 2 || width != k)
                throw new InvalidOperationException($"multiclass output {plan.OutputName} of {Session.Source} has {(rank == 2 ? width : 1)} columns; data.classes names {k} classes");
            var all = OrtValueReader.DataPointer(output);
            if (plan.OutputType == TensorElementType.Double)
                for (var i = 0; i < count * k; i++) destination[i] = (float)((double*)all)[i];
            else
                new ReadOnlySpan<float>((float*)all, count * k).CopyTo(destination);
            return;
        }
        var column = plan.Readout switch
        {
            ProbabilityReadout.Column1 => 1,
            ProbabilityReadout.ByRuntimeShape => width >= 2 ? 1 : 0,
            _ => 0,
        };
        var data = OrtValueReader.DataPointer(output);
        if (plan.OutputType == TensorElementType.Double)
            for (var r = 0; r < count; r++) destination[r] = (float)((double*)data)[r * width + column];
        else
            for (var r = 0; r < count; r++) destination[r] = ((float*)data)[r * width + column];
    }

    private void ReadZipMap(IntPtr sequence, int count, Span<float> destination)
    {
        var rt = OrtRuntime.Instance;
        var api = rt.Api;
        nuint n;
        OrtStatus.Check(api, api.GetValueCount(sequence, &n), "reading ZipMap output", plan.OutputName);
        if ((int)n != count) throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has {n} maps for {count} rows");
        for (var r = 0; r < count; r++)
        {
            IntPtr map = IntPtr.Zero, keys = IntPtr.Zero, values = IntPtr.Zero;
            try
            {
                OrtStatus.Check(api, api.GetValue(sequence, r, rt.Allocator, &map), "reading a ZipMap row");
                OrtStatus.Check(api, api.GetValue(map, 0, rt.Allocator, &keys), "reading ZipMap keys");
                OrtStatus.Check(api, api.GetValue(map, 1, rt.Allocator, &values), "reading ZipMap values");
                var index = PositiveIndex(keys);
                if (index < 0)
                    throw new InvalidOperationException(
                        $"ZipMap output {plan.OutputName} of {Session.Source} has no positive-class key (looked for 1 / \"{options.PositiveLabel}\"; keys: {string.Join(", ", ((OnnxTensor)OrtValueReader.Read(keys)).Data.Cast<object>())}). Set the positive label in the scorer options.");
                destination[r] = ((float*)OrtValueReader.DataPointer(values))[index];
            }
            finally
            {
                if (values != IntPtr.Zero) api.ReleaseValue(values);
                if (keys != IntPtr.Zero) api.ReleaseValue(keys);
                if (map != IntPtr.Zero) api.ReleaseValue(map);
            }
        }
    }

    /// <summary>Multiclass ZipMap: each row's probabilities in class order (int64 keys 0..K-1, or string keys equal to data.classes or "0".."K-1").</summary>
    private void ReadZipMapClasses(IntPtr sequence, int count, Span<float> destination)
    {
        var rt = OrtRuntime.Instance;
        var api = rt.Api;
        var k = Mapping.ClassCount;
        nuint n;
        OrtStatus.Check(api, api.GetValueCount(sequence, &n), "reading ZipMap output", plan.OutputName);
        if ((int)n != count) throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has {n} maps for {count} rows");
        for (var r = 0; r < count; r++)
        {
            IntPtr map = IntPtr.Zero, keys = IntPtr.Zero, values = IntPtr.Zero;
            try
            {
                OrtStatus.Check(api, api.GetValue(sequence, r, rt.Allocator, &map), "reading a ZipMap row");
                OrtStatus.Check(api, api.GetValue(map, 0, rt.Allocator, &keys), "reading ZipMap keys");
                OrtStatus.Check(api, api.GetValue(map, 1, rt.Allocator, &values), "reading ZipMap values");
                var keyTensor = (OnnxTensor)OrtValueReader.Read(keys);
                var names = keyTensor.Data.Cast<object>().Select(o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
                if (names.Length != k)
                    throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has {names.Length} classes ({string.Join(", ", names)}); data.classes names {k}");
                var p = (float*)OrtValueReader.DataPointer(values);
                for (var c = 0; c < k; c++)
                {
                    var index = Array.IndexOf(names, c.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (index < 0 && options.ClassNames is { } classNames && c < classNames.Count) index = Array.IndexOf(names, classNames[c]);
                    if (index < 0)
                        throw new InvalidOperationException($"ZipMap output {plan.OutputName} of {Session.Source} has no key for class {c} (keys: {string.Join(", ", names)}); use keys 0..{k - 1} or the data.classes names");
                    destination[r * k + c] = p[index];
                }
            }
            finally
            {
                if (values != IntPtr.Zero) api.ReleaseValue(values);
                if (keys != IntPtr.Zero) api.ReleaseValue(keys);
                if (map != IntPtr.Zero) api.ReleaseValue(map);
            }
        }
    }

    private int PositiveIndex(IntPtr keys)
    {
        var api = OrtRuntime.Instance.Api;
        int type;
        nuint count;
        IntPtr info;
        OrtStatus.Check(api, api.GetTensorTypeAndShape(keys, &info), "reading ZipMap keys");
        try
        {
            OrtStatus.Check(api, api.GetTensorElementType(info, &type), "reading ZipMap keys");
            OrtStatus.Check(api, api.GetTensorShapeElementCount(info, &count), "reading ZipMap keys");
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
        if ((TensorElementType)type == TensorElementType.Int64)
        {
            var k = (long*)OrtValueReader.DataPointer(keys);
            for (var i = 0; i < (int)count; i++) if (k[i] == 1) return i;
            return -1;
        }
        nuint length;
        OrtStatus.Check(api, api.GetStringTensorDataLength(keys, &length), "reading ZipMap keys");
        var bytes = stackalloc byte[(int)Math.Min(length, 4096)];
        var offsets = stackalloc nuint[(int)Math.Min(count, 256)];
        if (length > 4096 || count > 256) return -1;
        OrtStatus.Check(api, api.GetStringTensorContent(keys, bytes, length, offsets, count), "reading ZipMap keys");
        for (var i = 0; i < (int)count; i++)
        {
            var end = i + 1 < (int)count ? offsets[i + 1] : length;
            if (new ReadOnlySpan<byte>(bytes + offsets[i], (int)(end - offsets[i])).SequenceEqual(positiveLabel)) return i;
        }
        return -1;
    }
}
