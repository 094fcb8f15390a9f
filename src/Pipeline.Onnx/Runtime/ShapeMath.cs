namespace Pipeline.Onnx.Runtime;

/// <summary>Element counts and shape checks.</summary>
internal static class ShapeMath
{
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) return -1;
            n *= d;
        }
        return n;
    }

    public static void RequireLength(long[] shape, int length, TensorElementType type)
    {
        var expected = ElementCount(shape);
        if (expected != length)
            throw new ArgumentException(
                $"a {TensorElementTypes.OnnxName(type)} tensor of shape [{string.Join(",", shape)}] needs {expected} elements, the buffer has {length}");
    }

    public static string Format(IReadOnlyList<long> shape) => $"[{string.Join(",", shape)}]";
}
