using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Tests.TestSets;

/// <summary>Element-wise comparison with the ONNX backend tests' rule |a - e| &lt;= atol + rtol·|e| (NaN equals NaN).</summary>
internal static class TensorComparer
{
    public static string? Compare(OnnxTensor expected, OnnxValue actualValue, double rtol, double atol)
    {
        if (actualValue is not OnnxTensor actual) return $"expected a tensor, got {actualValue}";
        if (expected.ElementType != actual.ElementType) return $"type {actual.ElementType}, expected {expected.ElementType}";
        if (!expected.Shape.SequenceEqual(actual.Shape)) return $"shape [{string.Join(",", actual.Shape)}], expected [{string.Join(",", expected.Shape)}]";
        var n = expected.Data.Length;
        var worst = -1;
        double worstExcess = 0;
        for (var i = 0; i < n; i++)
        {
            var e = expected.Data.GetValue(i);
            var a = actual.Data.GetValue(i);
            if (e is string || e is bool)
            {
                if (!Equals(e, a)) return $"element {i} is {a}, expected {e}";
                continue;
            }
            var ev = Convert.ToDouble(e, System.Globalization.CultureInfo.InvariantCulture);
            var av = Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture);
            if (double.IsNaN(ev) && double.IsNaN(av)) continue;
            if (ev == av) continue;
            var excess = Math.Abs(av - ev) - (atol + rtol * Math.Abs(ev));
            if (double.IsNaN(excess) || excess > worstExcess || (excess > 0 && worst < 0))
            {
                worst = i;
                worstExcess = double.IsNaN(excess) ? double.PositiveInfinity : excess;
            }
        }
        if (worst < 0) return null;
        return $"element {worst} is {actual.Data.GetValue(worst)}, expected {expected.Data.GetValue(worst)} (beyond rtol {rtol:g}, atol {atol:g})";
    }
}
