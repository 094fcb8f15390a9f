using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Tests.Judge;

public sealed class BernoulliSprtTests
{
    [Fact]
    public void Add_ManyEventsAtH1Rate_RejectsH0()
    {
        var test = new BernoulliSprt(alpha: 0.001, beta: 0.02);
        var state = test.Add(trials: 10, events: 5, p0: 0.01, p1: 0.05);
        Assert.Equal(SprtState.RejectH0, state);
        Assert.True(test.LogLikelihoodRatio >= test.UpperBound);
    }

    [Fact]
    public void Add_NoEventsForLong_AcceptsH0AfterExpectedCount()
    {
        var test = new BernoulliSprt(alpha: 0.001, beta: 0.02);
        var perTrial = Math.Log(0.95 / 0.99);
        var needed = (int)Math.Ceiling(test.LowerBound / perTrial);
        Assert.Equal(SprtState.Undecided, test.Add(needed - 1, 0, 0.01, 0.05));
        Assert.Equal(SprtState.AcceptH0, test.Add(1, 0, 0.01, 0.05));
    }

    [Fact]
    public void Add_AfterDecision_IgnoresFurtherData()
    {
        var test = new BernoulliSprt(0.01, 0.05);
        test.Add(5, 5, 0.01, 0.1);
        var llr = test.LogLikelihoodRatio;
        Assert.Equal(SprtState.RejectH0, test.Add(10_000, 0, 0.01, 0.1));
        Assert.Equal(llr, test.LogLikelihoodRatio);
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(0.1, 0.1)]
    [InlineData(0.1, 1.0)]
    public void Add_InvalidHypotheses_Throws(double p0, double p1) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BernoulliSprt(0.01, 0.05).Add(10, 1, p0, p1));
}
