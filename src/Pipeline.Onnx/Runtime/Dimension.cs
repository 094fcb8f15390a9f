namespace Pipeline.Onnx.Runtime;

/// <summary>One dimension of a declared shape: a fixed size, or a symbolic name (<c>N</c>, <c>batch</c>), or unknown.</summary>
public readonly record struct Dimension(long Size, string? Symbol)
{
    public bool IsFixed => Size >= 0;

    public override string ToString() => Size >= 0 ? Size.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.IsNullOrEmpty(Symbol) ? "?" : Symbol;
}
