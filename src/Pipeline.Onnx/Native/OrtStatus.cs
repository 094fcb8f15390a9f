using System.Runtime.InteropServices;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Native;

/// <summary>Turns an OrtStatus* (null = success) into an exception carrying ORT's message and our context.</summary>
internal static unsafe class OrtStatus
{
    public static void Check(OrtApi api, IntPtr status, string context)
    {
        if (status != IntPtr.Zero) throw ToException(api, status, context);
    }

    /// <summary>Like Check, but builds the context text only on failure (keeps hot paths allocation-free).</summary>
    public static void Check(OrtApi api, IntPtr status, string action, string subject)
    {
        if (status != IntPtr.Zero) throw ToException(api, status, $"{action} {subject}");
    }

    public static void Check(IntPtr status, string context)
    {
        if (status != IntPtr.Zero) throw ToException(OrtRuntime.Instance.Api, status, context);
    }

    /// <summary>Reads and releases the status.</summary>
    public static OnnxRuntimeException ToException(OrtApi api, IntPtr status, string context)
    {
        var code = (OrtErrorCode)api.GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8(api.GetErrorMessage(status)) ?? "(no message)";
        api.ReleaseStatus(status);
        return new OnnxRuntimeException(code, message, context);
    }

    /// <summary>Reads and releases the status without throwing.</summary>
    public static (OrtErrorCode Code, string Message) Take(IntPtr status)
    {
        var api = OrtRuntime.Instance.Api;
        var code = (OrtErrorCode)api.GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8(api.GetErrorMessage(status)) ?? "(no message)";
        api.ReleaseStatus(status);
        return (code, message);
    }
}
