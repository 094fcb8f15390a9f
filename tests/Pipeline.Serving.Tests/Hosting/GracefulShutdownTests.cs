using System.Net;
using Pipeline.Serving.Model;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Hosting;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_WithRequestInFlight_ReadinessFalseThenRequestCompletes()
    {
        var server = await RunningServer.StartAsync(o => o with { DrainSeconds = 0.3 },
            wrap: s => new DelayedScorer(s, TimeSpan.FromMilliseconds(600)));
        try
        {
            var inFlight = server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(TestModels.Rows(1)));
            await Task.Delay(150);
            var stopping = server.Server.StopAsync();
            await Task.Delay(100);
            Assert.False(server.Server.Readiness.IsReady);
            var response = await inFlight;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await stopping;
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.Client.GetAsync("/v2/health/live"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
