using Pipeline.Data.Profiling;

namespace Pipeline.Data.Tests.Profiling;

public sealed class QuantileSketchTests
{
    [Fact]
    public void Quantile_LogNormalData_WithinOnePercentRelativeError()
    {
        var r = new Random(3);
        var values = Enumerable.Range(0, 50_000).Select(_ => Math.Exp(r.NextDouble() * 8 - 2) * (r.Next(10) == 0 ? -1 : 1)).ToArray();
        var s = new QuantileSketch();
        foreach (var v in values) s.Add(v);
        var sorted = values.Order().ToArray();
        foreach (var q in new[] { 0.01, 0.1, 0.5, 0.9, 0.99 })
        {
            var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
            Assert.InRange(s.Quantile(q), exact - Math.Abs(exact) * 0.0101, exact + Math.Abs(exact) * 0.0101);
        }
    }

    [Fact]
    public void Merge_OfParts_EqualsSketchOfWhole_AndRoundTripsThroughData()
    {
        var r = new Random(5);
        var values = Enumerable.Range(0, 10_000).Select(_ => r.NextDouble() * 1000 - 100).ToArray();
        var whole = new QuantileSketch();
        var a = new QuantileSketch();
        var b = new QuantileSketch();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i % 3 == 0 ? a : b).Add(values[i]);
        }
        a.Merge(b);
        var back = QuantileSketch.FromData(a.ToData());
        Assert.Equal(whole.Count, back.Count);
        Assert.Equal(whole.Points(), back.Points());
    }
}
