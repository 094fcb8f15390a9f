using System.Net;
using Pipeline.Benchmarking.Latency;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;

namespace Pipeline.Benchmarking.Gate;

public sealed partial class BenchmarkGate
{
    /// <summary>One server under test with its generator, collected runs, and the CPU and requests of each round.</summary>
    private sealed class Variant(ServerProcess server, BenchmarkPlan plan)
    {
        public ServerProcess Server { get; } = server;
        public LoadGenerator Generator { get; } = new(new IPEndPoint(IPAddress.Loopback, server.Port),
            plan.RequestBodies.Select(b => HttpRequestTemplate.Post("127.0.0.1", server.Port, server.Launch.PredictPath, b)).ToArray());
        public List<LoadResult> Sweep { get; } = [];
        public List<LoadResult> Open { get; } = [];
        public List<double> RoundCpuMicroseconds { get; } = [];
        public List<long> RoundRequests { get; } = [];
        public bool CpuMeasurable { get; private set; } = true;
        public double? PeakRssMb { get; set; }

        /// <summary>
        /// Runs one phase; a costed phase books the server CPU it took (read just before and after, so the idle other server's
        /// time is never counted). Only closed-loop phases are costed: thousands of requests each, where the open-loop rate's few
        /// hundred would cost about as much CPU as /proc's 10 ms tick resolves.
        /// </summary>
        public async Task<LoadResult> MeasureAsync(int round, Func<LoadGenerator, Task<LoadResult>> phase, bool costed)
        {
            while (RoundCpuMicroseconds.Count <= round)
            {
                RoundCpuMicroseconds.Add(0);
                RoundRequests.Add(0);
            }
            var before = Server.CpuTime();
            var result = await phase(Generator).ConfigureAwait(false);
            if (!costed) return result;
            var after = Server.CpuTime();
            if (before is null || after is null) CpuMeasurable = false;
            else RoundCpuMicroseconds[round] += (after.Value - before.Value).TotalMicroseconds;
            RoundRequests[round] += result.Requests - result.Errors;
            return result;
        }

        public LatencyHistogram MergedOpen()
        {
            var h = new LatencyHistogram();
            foreach (var r in Open) h.Add(r.Latency);
            return h;
        }

        public VariantMeasurement Measure() => new()
        {
            Label = Server.Launch.Label,
            StartupSeconds = Server.StartupTime.TotalSeconds,
            ModelLoadMs = Server.ModelLoadMs,
            PeakRssMb = PeakRssMb,
            Sweep = Sweep.Select(r => r.Summarize()).ToArray(),
            OpenLoop = Open.Select(r => r.Summarize()).ToArray(),
            OpenLoopLatency = MergedOpen().Summarize(),
            Errors = Sweep.Concat(Open).Sum(r => r.Errors),
            CpuMicrosecondsPerRequest = CpuMeasurable && RoundRequests.Sum() > 0 ? RoundCpuMicroseconds.Sum() / RoundRequests.Sum() : null,
        };
    }
}
