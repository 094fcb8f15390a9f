using System.Text;
using Pipeline.Protocol.Rest;

namespace Pipeline.Packaging.Validation;

/// <summary>Reads one output tensor's data from an Open Inference Protocol v2 response, through the shared codec (JSON or binary outputs).</summary>
internal static class InferenceResponseReader
{
    public static IReadOnlyList<double>? ReadOutput(string json, string outputName, string? headerLength = null) =>
        ReadOutput(Encoding.UTF8.GetBytes(json), outputName, headerLength);

    public static IReadOnlyList<double>? ReadOutput(ReadOnlySpan<byte> body, string outputName, string? headerLength = null)
    {
        var decoded = InferenceJson.ReadResponse(body, headerLength);
        if (!decoded.Ok || decoded.Value!.Outputs.FirstOrDefault(o => o.Name == outputName) is not { } output || output.Datatype == "BYTES") return null;
        return Enumerable.Range(0, output.Data.Length).Select(output.NumberAt).ToArray();
    }
}
