using Pipeline.Deployment.Canary;
using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Tests.Canary;

public sealed class VariantCountersTests
{
    private static readonly HistogramCounts Empty = HistogramCounts.FromCumulative([0.1], [0, 0]);

    private static VariantCounters At(long requests, long errors) => new(requests, errors, Empty, Empty, 0, 0);

    [Fact]
    public void Since_ErrorCountedBeforeItsRequest_RequestsRaisedToErrorsSoTheSampleIsValid()
    {
        // Seen live: the gateway bumps errors_total and requests_total separately; a scrape in between gave 7 errors in 6 requests.
        var sample = At(106, 17).Since(At(100, 10));

        Assert.Equal(7, sample.Errors);
        Assert.Equal(7, sample.Requests);
    }

    [Fact]
    public void Since_CountersWentDown_TreatedAsGatewayRestartAndCountedFromZero()
    {
        var sample = At(40, 3).Since(At(900, 12));

        Assert.Equal(40, sample.Requests);
        Assert.Equal(3, sample.Errors);
    }

    [Fact]
    public void Since_NormalScrapes_Differences()
    {
        var sample = At(250, 5).Since(At(200, 4));

        Assert.Equal(50, sample.Requests);
        Assert.Equal(1, sample.Errors);
    }
}
