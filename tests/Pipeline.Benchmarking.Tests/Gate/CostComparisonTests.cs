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
    public void FromLogRatios_AboveTheLimitAt90ButNotAt95Percent_UndecidedNotRegressed()
    {
        // Mean 0.315 (+37 %), se 0.032 over 4 rounds: the 90 % interval's lower end (+27 %) is above the 25 % limit, the 95 %
        // one's (+24 %) is not. Failing takes the whole 95 % interval; passing the whole 90 % one, so this is one more round.
        var cost = CostComparison.FromLogRatios([0.24, 0.39, 0.29, 0.34], limitPercent: 25);
        Assert.True(cost.LowerPercent > 25, $"90 % lower end {cost.LowerPercent:0.0} %");
        Assert.True(cost.FailLowerPercent < 25, $"95 % lower end {cost.FailLowerPercent:0.0} %");
        Assert.Equal(0.90, cost.Confidence);
        Assert.Equal(0.95, cost.FailConfidence);
        Assert.Equal(CostDecision.Undecided, cost.Decision);
        Assert.Equal(CostDecision.Regressed, CostComparison.FromLogRatios([0.24, 0.39, 0.29, 0.34], limitPercent: 25, failConfidence: 0.90).Decision);
    }

    [Fact]
    public void FromLogRatios_FailConfidenceBelowConfidence_IsRaisedToIt()
    {
        var cost = CostComparison.FromLogRatios([0.1, 0.2, 0.15], limitPercent: 25, confidence: 0.90, failConfidence: 0.80);
        Assert.Equal(0.90, cost.FailConfidence);
        Assert.Equal(cost.LowerPercent, cost.FailLowerPercent, 9);
    }

    [Fact]
    public void SequentialGate_SameCostNoisyRounds_FailsInAtMostOnePercent()
    {
        // The gate's stopping rule (3 rounds, one more while undecided, at most 12) on rounds as noisy as a busy shared machine
        // makes them (sd 0.33 of the per-round log-ratio): every extra round is another look, so the fail bound is the 95 %
        // interval's lower end (a 90 % one failed ~1.2 % of such runs).
        var random = new Random(26);
        const int trials = 4000;
        var regressed = 0;
        for (var t = 0; t < trials; t++)
        {
            var rounds = new List<double>();
            CostComparison? cost = null;
            while (rounds.Count < 12 && (rounds.Count < 3 || cost!.Decision == CostDecision.Undecided))
            {
                rounds.Add(0.33 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
                if (rounds.Count >= 2) cost = CostComparison.FromLogRatios(rounds, limitPercent: 25);
            }
            if (cost!.Decision == CostDecision.Regressed) regressed++;
        }
        Assert.True(regressed <= trials / 100, $"{regressed} of {trials} same-cost runs were judged regressed");
    }

    [Fact]
    public void FromLogRatios_OneRound_Throws() =>
        Assert.Throws<ArgumentException>(() => CostComparison.FromLogRatios([0.1], limitPercent: 25));
}
