using System.Runtime.InteropServices;
using System.Text;

namespace Pipeline.Onnx.Native;

/// <summary>A block of NUL-terminated UTF-8 strings plus an array of pointers to them, in native memory (for name arrays ORT reads).</summary>
internal sealed unsafe class Utf8Strings : IDisposable
{
    private byte* block;
    private IntPtr* pointers;

    public Utf8Strings(IReadOnlyList<string> values)
    {
        Count = values.Count;
        var total = 0;
        foreach (var v in values) total += Encoding.UTF8.GetByteCount(v) + 1;
        block = (byte*)NativeMemory.Alloc((nuint)Math.Max(total, 1));
        pointers = (IntPtr*)NativeMemory.Alloc((nuint)(Math.Max(Count, 1) * sizeof(IntPtr)));
        var offset = 0;
        for (var i = 0; i < Count; i++)
        {
            pointers[i] = (IntPtr)(block + offset);
            var written = Encoding.UTF8.GetBytes(values[i], new Span<byte>(block + offset, total - offset));
            block[offset + written] = 0;
            offset += written + 1;
        }
    }

    public int Count { get; }

    public IntPtr* Pointers => pointers;

    public void Dispose()
    {
        if (block is null) return;
        NativeMemory.Free(block);
        NativeMemory.Free(pointers);
        block = null;
        pointers = null;
    }

    /// <summary>Reads a string ORT allocated with the default allocator, then frees it.</summary>
    public static string TakeAllocated(IntPtr value)
    {
        if (value == IntPtr.Zero) return "";
        var text = Marshal.PtrToStringUTF8(value) ?? "";
        var rt = OrtRuntime.Instance;
        OrtStatus.Check(rt.Api, rt.Api.AllocatorFree(rt.Allocator, value), "freeing a string");
        return text;
    }
}
