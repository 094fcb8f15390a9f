using Pipeline.Onnx.Proto;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Import;

/// <summary>What an imported model declares: IR/opset versions, producer, inputs and outputs with types, metadata.</summary>
public sealed record ModelSignature
{
    public required long IrVersion { get; init; }
    public required IReadOnlyDictionary<string, long> Opsets { get; init; }
    public required string Producer { get; init; }
    public required string ProducerVersion { get; init; }
    public required string GraphName { get; init; }
    public required IReadOnlyList<SignatureEntry> Inputs { get; init; }
    public required IReadOnlyList<SignatureEntry> Outputs { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Reads the signature from the loaded session and the file's header (opsets are not exposed by ORT).</summary>
    public static ModelSignature Read(InferenceSession session, string modelPath)
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        return new ModelSignature
        {
            IrVersion = proto.IrVersion,
            Opsets = proto.OpsetImport.GroupBy(o => string.IsNullOrEmpty(o.Domain) ? "ai.onnx" : o.Domain).ToDictionary(g => g.Key, g => g.Max(o => o.Version)),
            Producer = proto.ProducerName,
            ProducerVersion = proto.ProducerVersion,
            GraphName = session.Metadata.GraphName,
            Inputs = session.Inputs.Select(i => new SignatureEntry(i.Name, i.Type.ToString())).ToArray(),
            Outputs = session.Outputs.Select(o => new SignatureEntry(o.Name, o.Type.ToString())).ToArray(),
            Metadata = session.Metadata.Custom,
        };
    }
}

/// <summary>One input or output: name and ONNX type, e.g. <c>tensor(float)[N,1]</c>.</summary>
public sealed record SignatureEntry(string Name, string Type);
