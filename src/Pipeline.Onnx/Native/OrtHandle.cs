using System.Runtime.InteropServices;

namespace Pipeline.Onnx.Native;

/// <summary>Owns one native ORT object and releases it exactly once with its type's Release function.</summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<IntPtr, void> release;
    private IDisposable[] companions = [];

    public OrtHandle(IntPtr handle, delegate* unmanaged<IntPtr, void> release) : base(IntPtr.Zero, ownsHandle: true)
    {
        this.release = release;
        SetHandle(handle);
    }

    /// <summary>Native memory the object's users read during calls (e.g. name arrays); freed only after the last call returns.</summary>
    public void Own(params IDisposable[] values) => companions = values;

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        release(handle);
        foreach (var c in companions) c.Dispose();
        return true;
    }
}
