using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Tests.Judge;

public sealed class ScoreShiftTestTests
{
    private static readonly double[] Bounds = [0.2, 0.4, 0.6, 0.8];

    [Fact]
    public void Compare_SameShape_SmallPsiHighPValue()
    {
        var stable = new HistogramCounts(Bounds, [400, 300, 200, 80, 20, 0]);
        var canary = new HistogramCounts(Bounds, [41, 29, 19, 9, 2, 0]);
        var r = ScoreShiftTest.Compare(stable, canary);
        Assert.True(r.Psi < 0.02, $"psi {r.Psi}");
        Assert.True(r.PValue > 0.5, $"p {r.PValue}");
    }

    [Fact]
    public void Compare_ShiftedScores_LargePsiTinyPValue()
    {
        var stable = new HistogramCounts(Bounds, [400, 300, 200, 80, 20, 0]);
        var canary = new HistogramCounts(Bounds, [5, 10, 25, 60, 100, 0]);
        var r = ScoreShiftTest.Compare(stable, canary);
        Assert.True(r.Psi > 1, $"psi {r.Psi}");
        Assert.True(r.PValue < 1e-10, $"p {r.PValue}");
    }
}
