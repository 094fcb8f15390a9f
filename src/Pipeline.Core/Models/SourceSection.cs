namespace Pipeline.Core.Models;

/// <summary>Where the model comes from: the built-in trainer, an external trainer command, or an ONNX file to import.</summary>
public sealed record SourceSection
{
    /// <summary><c>train</c> (built-in), <c>external</c> (command) or <c>import</c> (ONNX file).</summary>
    public string Kind { get; init; } = "train";

    /// <summary>Built-in trainer name, e.g. <c>logistic-regression</c>.</summary>
    public string Trainer { get; init; } = "logistic-regression";

    /// <summary>Hyperparameters for the trainer (numbers, strings, booleans).</summary>
    public Dictionary<string, string> Hyperparameters { get; init; } = new();

    /// <summary>External trainer command line; receives <c>{train}</c>, <c>{params}</c>, <c>{output}</c> placeholders.</summary>
    public string? Command { get; init; }

    /// <summary>ONNX file to import, relative to the repository root.</summary>
    public string? Onnx { get; init; }
}
