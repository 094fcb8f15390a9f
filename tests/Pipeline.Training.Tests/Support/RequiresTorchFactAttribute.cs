namespace Pipeline.Training.Tests.Support;

/// <summary>A fact that is skipped, with the install command, when Debian's python3-torch/python3-onnx are not installed.</summary>
public sealed class RequiresTorchFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(() => PythonModules.Missing("torch, onnx, numpy", "python3-torch/python3-onnx"));

    public RequiresTorchFactAttribute()
    {
        if (Missing.Value is { } why) Skip = why;
    }
}
