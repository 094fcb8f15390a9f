using Pipeline.Benchmarking.Latency;

namespace Pipeline.Benchmarking.Load;

/// <summary>One worker's private counts, merged after the run so the hot path takes no locks.</summary>
internal sealed class WorkerTally
{
    public LatencyHistogram Latency { get; } = new();
    public Dictionary<int, long> Status { get; } = new();
    public long Requests;
    public long Errors;
    public long TransportErrors;

    public void Count(int status, long latencyMicroseconds)
    {
        Requests++;
        Latency.RecordMicroseconds(latencyMicroseconds);
        Status[status] = Status.GetValueOrDefault(status) + 1;
        if (status is < 200 or > 299) Errors++;
    }

    public void CountTransportError(long latencyMicroseconds)
    {
        Requests++;
        Errors++;
        TransportErrors++;
        Latency.RecordMicroseconds(latencyMicroseconds);
    }

    public static LoadResult Merge(string mode, IEnumerable<WorkerTally> tallies, TimeSpan elapsed)
    {
        var latency = new LatencyHistogram();
        var status = new SortedDictionary<int, long>();
        long requests = 0, errors = 0, transport = 0;
        foreach (var t in tallies)
        {
            latency.Add(t.Latency);
            foreach (var (code, n) in t.Status) status[code] = status.GetValueOrDefault(code) + n;
            requests += t.Requests;
            errors += t.Errors;
            transport += t.TransportErrors;
        }
        return new LoadResult
        {
            Mode = mode, Requests = requests, Errors = errors, TransportErrors = transport,
            StatusCounts = status, Elapsed = elapsed, Latency = latency,
        };
    }
}
