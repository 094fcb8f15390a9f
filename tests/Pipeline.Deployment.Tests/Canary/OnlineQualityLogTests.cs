using Pipeline.Deployment.Canary;
using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Tests.Canary;

public sealed class OnlineQualityLogTests
{
    [Fact]
    public void Of_VersionAndRange_ReturnsOnlyThatVersionsAnswersInTheRange()
    {
        var log = new OnlineQualityLog();
        log.Record(new LabelledAnswer("v1", "stable", 1, 0.9f));
        log.Record(new LabelledAnswer("v2", "canary", 0, 0.2f));
        log.Record(new LabelledAnswer("v1", "stable", 0, 0.1f));
        // After a blue-green switch the candidate answers as "stable": the version decides the seat, not the variant label.
        log.Record(new LabelledAnswer("v2", "stable", 1, 0.7f));

        Assert.Equal([new LabelledScore(0, 0.1f)], log.Of("v1", 1, 4));
        Assert.Equal([new LabelledScore(0, 0.2f), new LabelledScore(1, 0.7f)], log.Of("v2", 0, 10));
        Assert.Empty(log.Of("v2", 4, 4));
        Assert.Equal(4, log.Count);
    }
}
