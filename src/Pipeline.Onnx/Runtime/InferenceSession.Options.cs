using Pipeline.Onnx.Native;

namespace Pipeline.Onnx.Runtime;

public sealed unsafe partial class InferenceSession
{
    private static OrtHandle CreateOptions(SessionOptions options, string source)
    {
        var rt = OrtRuntime.Instance;
        var api = rt.Api;
        IntPtr native;
        OrtStatus.Check(api, api.CreateSessionOptions(&native), "creating session options");
        var handle = new OrtHandle(native, api.ReleaseSessionOptions);
        try
        {
            var context = $"configuring session options for {source}";
            OrtStatus.Check(api, api.SetIntraOpNumThreads(native, options.IntraOpThreads), context);
            OrtStatus.Check(api, api.SetInterOpNumThreads(native, options.InterOpThreads), context);
            OrtStatus.Check(api, api.SetSessionGraphOptimizationLevel(native, (int)options.OptimizationLevel), context);
            OrtStatus.Check(api, api.SetSessionExecutionMode(native, (int)options.ExecutionMode), context);
            OrtStatus.Check(api, api.SetSessionLogSeverityLevel(native, 3), context);
            var entries = new Dictionary<string, string>(options.ConfigEntries)
            {
                ["session.intra_op.allow_spinning"] = options.AllowSpinning ? "1" : "0",
                ["session.inter_op.allow_spinning"] = options.AllowSpinning ? "1" : "0",
            };
            foreach (var (key, value) in entries)
            {
                using var kv = new Utf8Strings([key, value]);
                OrtStatus.Check(api, api.AddSessionConfigEntry(native, (byte*)kv.Pointers[0], (byte*)kv.Pointers[1]), $"{context} ({key}={value})");
            }
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
