using System.Text;
using Microsoft.AspNetCore.Http;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Tests.Support;

namespace Pipeline.Benchmarking.Tests.Load;

public sealed class LoadGeneratorTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"predictions\":[0.125]}");

    private static Task Fixed(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = Body.Length;
        return ctx.Response.Body.WriteAsync(Body).AsTask();
    }

    private static LoadGenerator Generator(BareEndpoint endpoint, string path = "/") =>
        new(endpoint.EndPoint, [HttpRequestTemplate.Post("127.0.0.1", endpoint.Port, path, "{\"x\":1}"u8)]);

    [Fact]
    public async Task ClosedLoop_ContentLengthResponses_AllCountedOnKeepAliveConnections()
    {
        var connections = new HashSet<string>();
        await using var endpoint = await BareEndpoint.StartAsync(ctx =>
        {
            lock (connections) connections.Add(ctx.Connection.Id);
            return Fixed(ctx);
        });
        var result = await Generator(endpoint).RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 4, Duration = TimeSpan.FromSeconds(1) });
        Assert.True(result.Requests > 100, $"only {result.Requests} requests in 1 s");
        Assert.Equal(0, result.Errors);
        Assert.Equal(result.Requests, result.StatusCounts[200]);
        Assert.Equal(result.Requests, result.Latency.Count);
        Assert.Equal(4, connections.Count);
        Assert.InRange(result.ThroughputPerSecond, result.Requests / 1.5, result.Requests / 0.9);
    }

    [Fact]
    public async Task ClosedLoop_ChunkedAndErrorResponses_FramedAndCounted()
    {
        var n = 0;
        await using var endpoint = await BareEndpoint.StartAsync(async ctx =>
        {
            // No Content-Length: Kestrel sends chunked; every third request is a 503.
            if (Interlocked.Increment(ref n) % 3 == 0) ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("part one,");
            await ctx.Response.Body.FlushAsync();
            await ctx.Response.WriteAsync(new string('y', 5000));
        });
        var result = await Generator(endpoint).RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 2, Duration = TimeSpan.FromSeconds(10), MaxRequests = 300 });
        Assert.Equal(300, result.Requests);
        Assert.Equal(0, result.TransportErrors);
        Assert.Equal(100, result.StatusCounts[503]);
        Assert.Equal(200, result.StatusCounts[200]);
        Assert.Equal(100, result.Errors);
    }

    [Fact]
    public async Task OpenLoop_FixedRate_SendsTheScheduleAndKeepsTheRate()
    {
        await using var endpoint = await BareEndpoint.StartAsync(Fixed);
        var generator = Generator(endpoint);
        await generator.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 2, Duration = TimeSpan.FromMilliseconds(300) });   // JIT, connections
        var result = await generator.RunOpenLoopAsync(new OpenLoopOptions { RatePerSecond = 50, Duration = TimeSpan.FromSeconds(1.5), Connections = 8 });
        Assert.Equal(75, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.InRange(result.Elapsed.TotalSeconds, 1.45, 3.0);
        // Loose bound: this shared machine runs other builds (a CI run saw p50 266 ms while another process held both cores); the point
        // is that the schedule is kept, not a fast p50. A generator that serialised its requests would charge them seconds of queueing.
        Assert.True(result.Latency.PercentileMs(50) < 1000, $"p50 {result.Latency.PercentileMs(50)} ms against a trivial endpoint");
    }

    [Fact]
    public async Task OpenLoop_ServerStall_ChargedToEveryDelayedRequest()
    {
        // One 500 ms stall. A closed-loop client would record one slow request; measured from the intended send time,
        // every request scheduled during the stall is late, so the tail shows it (no coordinated omission).
        var seen = 0;
        await using var stalling = await BareEndpoint.StartAsync(async ctx =>
        {
            if (Interlocked.Increment(ref seen) == 50) await Task.Delay(500);
            await Fixed(ctx);
        });
        var generator = Generator(stalling);
        // Warm up (JIT, the connection) before the measured run and reset the counter: a cold first request on a busy 2-core
        // machine took 400 ms in CI and put the whole schedule behind, which is not what this test is about.
        await generator.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 1, Duration = TimeSpan.FromMilliseconds(300) });
        Interlocked.Exchange(ref seen, 0);
        var result = await generator.RunOpenLoopAsync(new OpenLoopOptions { RatePerSecond = 100, Duration = TimeSpan.FromSeconds(2), Connections = 1 });
        Assert.Equal(200, result.Requests);
        // The median request was not scheduled during the stall, so it stays well below the 500 ms stall (loose: shared machine).
        Assert.True(result.Latency.PercentileMs(50) < 200, $"p50 {result.Latency.PercentileMs(50)} ms should stay well below the 500 ms stall");
        // About 50 requests were scheduled during the stall: at least 10 % of 200 must show ≥ 100 ms.
        Assert.True(result.Latency.PercentileMs(90) >= 100, $"p90 {result.Latency.PercentileMs(90)} ms hides the stall (coordinated omission)");
        Assert.True(result.Latency.MaxMicroseconds >= 480_000);
    }
}
