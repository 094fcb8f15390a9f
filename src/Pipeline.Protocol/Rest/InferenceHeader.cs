using System.Globalization;

namespace Pipeline.Protocol.Rest;

/// <summary>The binary tensor data extension's framing: the JSON header's length travels in an HTTP header, raw tensor bytes follow the JSON.</summary>
public static class InferenceHeader
{
    /// <summary>Length in bytes of the JSON part of a body that carries binary tensors after it.</summary>
    public const string ContentLength = "Inference-Header-Content-Length";

    /// <summary>The extension's name as server metadata lists it.</summary>
    public const string ExtensionName = "binary_tensor_data";

    /// <summary>Content type of a body with binary tensors (the JSON part alone is <c>application/json</c>).</summary>
    public const string BinaryContentType = "application/octet-stream";

    /// <summary>The JSON part's length: the whole body without the header; else the header's value, or a problem naming it.</summary>
    public static bool TryJsonLength(string? headerValue, int bodyLength, out int jsonLength, out FieldProblem problem)
    {
        problem = default;
        jsonLength = bodyLength;
        if (headerValue is null) return true;
        if (!long.TryParse(headerValue.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
        {
            problem = new(ContentLength, $"header value '{Shorten(headerValue)}' is not a non-negative integer; send the byte length of the JSON part before the binary tensor data");
            return false;
        }
        if (declared > bodyLength)
        {
            problem = new(ContentLength, $"header says the JSON part is {declared} bytes but the body has only {bodyLength}; send the byte length of the JSON part (not of the whole body)");
            return false;
        }
        if (declared == 0)
        {
            problem = new(ContentLength, "header is 0: the body has no JSON part; send the inference request JSON first and its byte length in this header");
            return false;
        }
        jsonLength = (int)declared;
        return true;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
