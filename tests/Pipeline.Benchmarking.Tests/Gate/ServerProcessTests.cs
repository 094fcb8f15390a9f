using System.Net.Http;
using Pipeline.Benchmarking.Servers;
using Pipeline.Benchmarking.Tests.Support;

namespace Pipeline.Benchmarking.Tests.Gate;

public sealed class ServerProcessTests : IDisposable
{
    private readonly ServingLaunches _launches = new();

    [Fact]
    public async Task Start_ServingExecutable_PrintsReadyWithPortThenStopsGracefullyOnSigterm()
    {
        await using var server = await ServerProcess.StartAsync(_launches.Default(), TimeSpan.FromSeconds(60));
        Assert.True(server.Port > 0);
        Assert.True(server.ModelLoadMs > 0);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
        Assert.Equal("{\"ready\":true}", await client.GetStringAsync("/v2/health/ready"));
        var exit = await server.StopAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, exit);
        Assert.Contains(server.Output, l => l.Contains("\"event\":\"stopping\"", StringComparison.Ordinal));
        Assert.Contains(server.Output, l => l.Contains("\"event\":\"stopped\"", StringComparison.Ordinal));
    }

    public void Dispose() => _launches.Dispose();
}
