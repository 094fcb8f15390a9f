using Pipeline.Benchmarking.Gate;

namespace Pipeline.Benchmarking.Tests.Gate;

public sealed class CostComparisonTests
{
    // Per-round log-ratios as a shared machine makes them: most rounds within ~10 %, and one round in eight hit by a burst
    // that lands on one variant only (up to +/-60 %), which per-request intervals never see.
    private static double[] Rounds(Random random, int count, double trueLogRatio)
    {
        var rounds = new double[count];
        for (var i = 0; i < count; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var burst = random.NextDouble() < 0.125 ? (random.NextDouble() * 2 - 1) * 0.6 : 0;
            rounds[i] = trueLogRatio + 0.10 * normal + burst;
        }
        return rounds;
    }

    [Fact]
    public void FromLogRatios_SameCostWithBurstyRounds_RegressesInAtMostOnePercent()
    {
        var random = new Random(3);
        const int trials = 2000;
        var regressed = Enumerable.Range(0, trials)
            .Count(t => CostComparison.FromLogRatios(Rounds(random, 3 + t % 6, 0), limitPercent: 25).Decision == CostDecision.Regressed);
        Assert.True(regressed <= trials / 100, $"{regressed} of {trials} same-cost runs were judged regressed");
    }

    [Fact]
    public void FromLogRatios_TwiceTheCostOverEightRounds_RegressesInAtLeast95Percent()
    {
        var random = new Random(4);
        const int trials = 2000;
        var regressed = Enumerable.Range(0, trials)
            .Count(_ => CostComparison.FromLogRatios(Rounds(random, 8, Math.Log(2)), limitPercent: 25).Decision == CostDecision.Regressed);
        Assert.True(regressed >= trials * 95 / 100, $"only {regressed} of {trials} runs of a model twice as costly were judged regressed");
    }

    [Fact]
    public void FromLogRatios_OneBurstRoundAmongFive_IsTrimmedFromTheEstimate()
    {
        var cost = CostComparison.FromLogRatios([0.01, -0.02, 0.0, 0.02, 1.5], limitPercent: 25);
        Assert.InRange(cost.RegressionPercent, -3, 3);
        Assert.Equal(5, cost.Rounds);
    }

    [Fact]
    public void FromLogRatios_SameCostQuietRounds_WithinLimitWithNoMeasurableDifference()
    {
        var cost = CostComparison.FromLogRatios([0.02, -0.03, 0.01, -0.01], limitPercent: 25);
        Assert.Equal(CostDecision.WithinLimit, cost.Decision);
        Assert.True(cost.NoMeasurableDifference);
        Assert.True(cost.MinimumDetectablePercent > 25, "what a run can detect is never below the limit it is judged against");
    }

    [Fact]
    public void FromLogRatios_TwoNoisyRounds_UndecidedAndMoreRoundsDetectLess()
    {
        double[] two = [0.3, -0.2];
        var few = CostComparison.FromLogRatios(two, limitPercent: 25);
        var many = CostComparison.FromLogRatios([.. two, .. two, .. two, .. two], limitPercent: 25);
        Assert.Equal(CostDecision.Undecided, few.Decision);
        Assert.True(many.MinimumDetectablePercent < few.MinimumDetectablePercent,
            $"8 rounds should detect a smaller regression ({many.MinimumDetectablePercent:0} %) than 2 ({few.MinimumDetectablePercent:0} %)");
    }

    [Fact]
    public void FromLogRatios_ClearlyCostlier_Regressed()
    {
        var cost = CostComparison.FromLogRatios([0.70, 0.66, 0.72, 0.69], limitPercent: 25);
        Assert.Equal(CostDecision.Regressed, cost.Decision);
        Assert.InRange(cost.RegressionPercent, 90, 110);
        Assert.True(cost.LowerPercent > 25);
    }

    [Fact]
    public void FromLogRatios_OneRound_Throws() =>
        Assert.Throws<ArgumentException>(() => CostComparison.FromLogRatios([0.1], limitPercent: 25));
}
