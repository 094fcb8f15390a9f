using System.Runtime.InteropServices;
using System.Text;
using Pipeline.Core.Features;
using Pipeline.Onnx.Native;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Scoring;

/// <summary>
/// Native input buffers for one batch of up to <see cref="Capacity"/> rows, reused run after run by one thread at a time
/// (the scorer pools them), so scoring allocates no managed memory per batch beyond the caller's result.
/// </summary>
internal sealed unsafe class ScoringWorkspace : IDisposable
{
    private readonly ScoringPlan plan;
    private readonly void*[] buffers;
    private readonly IntPtr*[] stringPointers;
    private readonly float[]?[] columnRefs;
    private byte* text;
    private nuint textCapacity;

    public ScoringWorkspace(ScoringPlan plan, int capacity)
    {
        this.plan = plan;
        Capacity = capacity;
        buffers = new void*[plan.Feeds.Count];
        stringPointers = new IntPtr*[plan.Feeds.Count];
        Values = (IntPtr*)NativeMemory.AllocZeroed((nuint)(Math.Max(plan.Feeds.Count, 1) * sizeof(IntPtr)));
        columnRefs = new float[]?[plan.Feeds.Max(f => f.Width)];
        for (var i = 0; i < plan.Feeds.Count; i++)
        {
            var feed = plan.Feeds[i];
            if (feed.Categorical)
                stringPointers[i] = (IntPtr*)NativeMemory.Alloc((nuint)(capacity * sizeof(IntPtr)));
            else
                buffers[i] = NativeMemory.AlignedAlloc((nuint)(capacity * feed.Width * TensorElementTypes.SizeOf(feed.ElementType)), 64);
        }
        textCapacity = (nuint)Math.Max(capacity * 16, 256);
        text = (byte*)NativeMemory.Alloc(textCapacity);
    }

    public int Capacity { get; }

    /// <summary>The OrtValue* of each input for the current batch.</summary>
    public IntPtr* Values { get; }

    /// <summary>Creates the input values for rows [start, start+count) of the batch.</summary>
    public void Fill(FeatureBatch batch, int start, int count)
    {
        var rt = OrtRuntime.Instance;
        var dims = stackalloc long[2];
        for (var f = 0; f < plan.Feeds.Count; f++)
        {
            var feed = plan.Feeds[f];
            dims[0] = count;
            dims[1] = feed.Width;
            IntPtr value;
            if (feed.Categorical)
            {
                var column = batch.Categorical[feed.Columns[0]];
                EncodeStrings(column, start, count, stringPointers[f]);
                OrtStatus.Check(rt.Api, rt.Api.CreateTensorAsOrtValue(rt.Allocator, dims, (nuint)feed.Rank, (int)TensorElementType.String, &value), "creating input", feed.InputName);
                Values[f] = value;
                OrtStatus.Check(rt.Api, rt.Api.FillStringTensor(value, stringPointers[f], (nuint)count), "filling input", feed.InputName);
            }
            else
            {
                for (var c = 0; c < feed.Columns.Count; c++) columnRefs[c] = batch.Numeric[feed.Columns[c]];
                WriteNumeric(feed, buffers[f], start, count);
                var bytes = (nuint)(count * feed.Width * TensorElementTypes.SizeOf(feed.ElementType));
                OrtStatus.Check(rt.Api, rt.Api.CreateTensorWithDataAsOrtValue(rt.CpuMemory, buffers[f], bytes, dims, (nuint)feed.Rank, (int)feed.ElementType, &value), "creating input", feed.InputName);
                Values[f] = value;
            }
        }
    }

    /// <summary>Releases the current batch's input values (the buffers stay for the next batch).</summary>
    public void ReleaseValues()
    {
        var api = OrtRuntime.Instance.Api;
        for (var f = 0; f < plan.Feeds.Count; f++)
        {
            if (Values[f] != IntPtr.Zero) api.ReleaseValue(Values[f]);
            Values[f] = IntPtr.Zero;
        }
    }

    private void WriteNumeric(InputFeed feed, void* buffer, int start, int count)
    {
        var width = feed.Width;
        for (var c = 0; c < width; c++)
        {
            var source = columnRefs[c]!.AsSpan(start, count);
            switch (feed.ElementType)
            {
                case TensorElementType.Float:
                    var fl = (float*)buffer;
                    if (width == 1) source.CopyTo(new Span<float>(fl, count));
                    else for (var r = 0; r < count; r++) fl[r * width + c] = source[r];
                    break;
                case TensorElementType.Double:
                    var d = (double*)buffer;
                    for (var r = 0; r < count; r++) d[r * width + c] = source[r];
                    break;
                case TensorElementType.Int64:
                    var l = (long*)buffer;
                    for (var r = 0; r < count; r++) l[r * width + c] = float.IsNaN(source[r]) ? 0 : (long)source[r];
                    break;
                case TensorElementType.Int32:
                    var i = (int*)buffer;
                    for (var r = 0; r < count; r++) i[r * width + c] = float.IsNaN(source[r]) ? 0 : (int)source[r];
                    break;
                case TensorElementType.Bool:
                    var b = (bool*)buffer;
                    for (var r = 0; r < count; r++) b[r * width + c] = source[r] != 0 && !float.IsNaN(source[r]);
                    break;
            }
        }
    }

    private void EncodeStrings(string?[] column, int start, int count, IntPtr* pointers)
    {
        nuint used = 0;
        var offsets = (nuint*)pointers;   // offsets first: the text block may move while it grows
        for (var r = 0; r < count; r++)
        {
            var s = column[start + r] ?? "";
            var need = (nuint)Encoding.UTF8.GetMaxByteCount(s.Length) + 1;
            if (used + need > textCapacity)
            {
                textCapacity = Math.Max(textCapacity * 2, used + need);
                text = (byte*)NativeMemory.Realloc(text, textCapacity);
            }
            var written = Encoding.UTF8.GetBytes(s, new Span<byte>(text + used, (int)(textCapacity - used)));
            text[used + (nuint)written] = 0;
            offsets[r] = used;
            used += (nuint)written + 1;
        }
        for (var r = 0; r < count; r++) pointers[r] = (IntPtr)(text + offsets[r]);
    }

    public void Dispose()
    {
        ReleaseValues();
        for (var i = 0; i < buffers.Length; i++)
        {
            if (buffers[i] is not null) NativeMemory.AlignedFree(buffers[i]);
            if (stringPointers[i] is not null) NativeMemory.Free(stringPointers[i]);
        }
        NativeMemory.Free(Values);
        NativeMemory.Free(text);
    }
}
