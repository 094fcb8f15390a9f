namespace Pipeline.Onnx.Acquisition;

/// <summary>The npm package that carries the ONNX Runtime native library, pinned by version and content hash.</summary>
public sealed record OrtPackagePin
{
    /// <summary>onnxruntime-node 1.30.0; integrity as published by the npm registry (<c>npm view onnxruntime-node@1.30.0 dist.integrity</c>).</summary>
    public static OrtPackagePin Default { get; } = new()
    {
        Package = "onnxruntime-node",
        Version = "1.30.0",
        Integrity = "sha512-twhs1C2C/BFkz1yc5OY0KIU2GUq6DURO7hD4bx5Q2Qy3nAMJwRXW8xU3NVczE29VA9lolLOYepoD8fjTGOfIqw==",
    };

    public required string Package { get; init; }

    public required string Version { get; init; }

    /// <summary>Subresource-integrity string <c>sha512-&lt;base64&gt;</c> of the package tarball.</summary>
    public required string Integrity { get; init; }

    public string Spec => $"{Package}@{Version}";
}
