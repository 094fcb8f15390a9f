using Pipeline.Benchmarking.Gate;
using Pipeline.Benchmarking.Latency;

namespace Pipeline.Benchmarking.Tests.Gate;

public sealed class PercentileRatioTests
{
    // Two rounds of 600 requests each (200/s for 3 s), latencies lognormal around 3 ms with a heavy tail, like the gate's open loop.
    private static List<LatencyHistogram> Rounds(Random random, double scale, int rounds = 2, int perRound = 600)
    {
        var result = new List<LatencyHistogram>();
        for (var r = 0; r < rounds; r++)
        {
            var h = new LatencyHistogram();
            for (var i = 0; i < perRound; i++)
            {
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                h.RecordMicroseconds((long)(scale * 3000 * Math.Exp(0.8 * normal)));
            }
            result.Add(h);
        }
        return result;
    }

    [Fact]
    public void IdenticalModels_IntervalRarelyExcludesTheLimit_WhereRoundRatiosOftenDo()
    {
        var random = new Random(1);
        int intervalFails = 0, pointAbove = 0;
        const int trials = 200;
        for (var t = 0; t < trials; t++)
        {
            var estimate = PercentileRatio.Estimate(Rounds(random, 1), Rounds(random, 1), resamples: 200, seed: t);
            if (estimate.Lower > 1.25) intervalFails++;
            if (estimate.Ratio > 1.25) pointAbove++;
            Assert.InRange(estimate.Ratio, estimate.Lower, estimate.Upper);
        }
        Assert.True(intervalFails <= 2, $"{intervalFails} of {trials} identical pairs had the whole interval above +25 %");
        Assert.True(pointAbove > intervalFails, $"the point estimate alone exceeded +25 % in {pointAbove} trials, the interval in {intervalFails}: the interval should be the stricter test");
    }

    [Fact]
    public void CandidateTwiceAsSlow_IntervalIsAboveTheLimit()
    {
        var random = new Random(2);
        var detected = 0;
        const int trials = 50;
        for (var t = 0; t < trials; t++)
            if (PercentileRatio.Estimate(Rounds(random, 2), Rounds(random, 1), resamples: 200, seed: t).Lower > 1.25) detected++;
        Assert.True(detected >= 45, $"a 2× slower candidate was shown above +25 % in only {detected} of {trials} trials");
    }

    [Fact]
    public void SameMeasurements_SameInterval()
    {
        var candidate = Rounds(new Random(3), 1);
        var champion = Rounds(new Random(4), 1);
        Assert.Equal(PercentileRatio.Estimate(candidate, champion), PercentileRatio.Estimate(candidate, champion));
    }
}
