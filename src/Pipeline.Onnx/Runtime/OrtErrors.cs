using System.Text.RegularExpressions;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Pipeline.Onnx.Runtime;

/// <summary>Turns ONNX Runtime's exceptions into <see cref="OnnxRuntimeException"/>s that also say what Pipeline was doing.</summary>
internal static partial class OrtErrors
{
    public static T Wrap<T>(Func<T> action, string context)
    {
        try
        {
            return action();
        }
        catch (Ort.OnnxRuntimeException e)
        {
            throw From(e, context);
        }
    }

    public static void Wrap(Action action, string context)
    {
        try
        {
            action();
        }
        catch (Ort.OnnxRuntimeException e)
        {
            throw From(e, context);
        }
    }

    /// <summary>The package's message reads <c>[ErrorCode:InvalidArgument] text</c>; the code and the text are kept apart.</summary>
    public static OnnxRuntimeException From(Ort.OnnxRuntimeException e, string context)
    {
        var match = CodePrefix().Match(e.Message);
        var code = match.Success && Enum.TryParse<OrtErrorCode>(match.Groups[1].Value, out var parsed) ? parsed : OrtErrorCode.Fail;
        var message = match.Success ? e.Message[match.Length..].Trim() : e.Message;
        return new OnnxRuntimeException(code, message, context, e);
    }

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\]")]
    private static partial Regex CodePrefix();
}
