using System.Net;

namespace Pipeline.Benchmarking.Load;

/// <summary>HTTP/1.1 keep-alive load generator: closed-loop concurrency runs and open-loop fixed-rate runs without coordinated omission.</summary>
/// <param name="endPoint">Server address, e.g. 127.0.0.1 and the server's port.</param>
/// <param name="requests">Requests sent in rotation (request i uses <c>requests[i % Count]</c>).</param>
/// <param name="time">Clock for schedules and latencies.</param>
public sealed class LoadGenerator(IPEndPoint endPoint, IReadOnlyList<HttpRequestTemplate> requests, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>Runs <see cref="ClosedLoopOptions.Concurrency"/> connections back to back for the duration.</summary>
    public async Task<LoadResult> RunClosedLoopAsync(ClosedLoopOptions options, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        if (requests.Count == 0) throw new ArgumentException("no requests to send", nameof(requests));
        var tallies = Enumerable.Range(0, options.Concurrency).Select(_ => new WorkerTally()).ToArray();
        long started = _time.GetTimestamp();
        long measureFrom = started + ToTimestamp(options.Warmup);
        long stopAt = measureFrom + ToTimestamp(options.Duration);
        long budget = options.MaxRequests ?? long.MaxValue;
        long next = 0;

        async Task Worker(int w)
        {
            var tally = tallies[w];
            HttpConnection? conn = null;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var sendAt = _time.GetTimestamp();
                    if (sendAt >= stopAt) break;
                    var i = Interlocked.Increment(ref next) - 1;
                    var measured = sendAt >= measureFrom;
                    if (measured && Interlocked.Decrement(ref budget) < 0) break;
                    try
                    {
                        conn ??= await HttpConnection.OpenAsync(EndPoint, ct).ConfigureAwait(false);
                        var status = await conn.SendAsync(requests[(int)(i % requests.Count)], ct).ConfigureAwait(false);
                        if (measured) tally.Count(status, ElapsedMicroseconds(sendAt));
                        if (conn.Closed) { conn.Dispose(); conn = null; }
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException && !ct.IsCancellationRequested)
                    {
                        if (measured) tally.CountTransportError(ElapsedMicroseconds(sendAt));
                        conn?.Dispose();
                        conn = null;
                    }
                }
            }
            finally { conn?.Dispose(); }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(() => Worker(w), ct))).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(measureFrom);
        return WorkerTally.Merge($"closed c={options.Concurrency}", tallies, elapsed);
    }

    /// <summary>Sends request i at <c>start + i / rate</c>; latency runs from that intended time, so a stalled server is charged for the requests it delayed.</summary>
    public async Task<LoadResult> RunOpenLoopAsync(OpenLoopOptions options, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RatePerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Connections, 1);
        if (requests.Count == 0) throw new ArgumentException("no requests to send", nameof(requests));
        var total = (long)Math.Floor(options.RatePerSecond * options.Duration.TotalSeconds);
        var interval = _time.TimestampFrequency / options.RatePerSecond;
        var tallies = Enumerable.Range(0, options.Connections).Select(_ => new WorkerTally()).ToArray();
        long start = _time.GetTimestamp() + ToTimestamp(TimeSpan.FromMilliseconds(5));
        long next = 0;

        async Task Worker(int w)
        {
            var tally = tallies[w];
            HttpConnection? conn = null;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next) - 1;
                    if (i >= total) break;
                    var intended = start + (long)(i * interval);
                    await WaitUntilAsync(intended, ct).ConfigureAwait(false);
                    try
                    {
                        conn ??= await HttpConnection.OpenAsync(EndPoint, ct).ConfigureAwait(false);
                        var status = await conn.SendAsync(requests[(int)(i % requests.Count)], ct).ConfigureAwait(false);
                        tally.Count(status, ElapsedMicroseconds(intended));
                        if (conn.Closed) { conn.Dispose(); conn = null; }
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException && !ct.IsCancellationRequested)
                    {
                        tally.CountTransportError(ElapsedMicroseconds(intended));
                        conn?.Dispose();
                        conn = null;
                    }
                }
            }
            finally { conn?.Dispose(); }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(w => Task.Run(() => Worker(w), ct))).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(start);
        return WorkerTally.Merge($"open {options.RatePerSecond:0.#}/s", tallies, elapsed);
    }

    private async Task WaitUntilAsync(long timestamp, CancellationToken ct)
    {
        // Timers are coarse (~1 ms); sleep to just before the slot, then yield-spin so the schedule itself adds little latency.
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.FromMilliseconds(2))
            await Task.Delay(remaining - TimeSpan.FromMilliseconds(1.5), _time, ct).ConfigureAwait(false);
        while (_time.GetTimestamp() < timestamp && !ct.IsCancellationRequested) Thread.Yield();
    }

    private long ElapsedMicroseconds(long fromTimestamp) => _time.GetElapsedTime(fromTimestamp).Ticks / 10;

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
