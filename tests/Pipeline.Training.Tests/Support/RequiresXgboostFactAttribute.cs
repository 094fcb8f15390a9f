namespace Pipeline.Training.Tests.Support;

/// <summary>A fact that is skipped, with the install command, when Debian's python3-xgboost/python3-onnx are not installed.</summary>
public sealed class RequiresXgboostFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(() => PythonModules.Missing("xgboost, onnx, numpy", "python3-xgboost/python3-onnx"));

    public RequiresXgboostFactAttribute()
    {
        if (Missing.Value is { } why) Skip = why;
    }
}
