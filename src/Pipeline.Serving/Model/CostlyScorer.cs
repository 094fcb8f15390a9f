using System.Diagnostics;
using System.Runtime.InteropServices;
using Pipeline.Core.Features;

namespace Pipeline.Serving.Model;

/// <summary>Test hook: a model made costlier on purpose (spins for a fixed amount of CPU per row), so the BenchmarkGate's cost comparison can be shown to catch it.</summary>
internal sealed partial class CostlyScorer(IBatchScorer inner, double microsecondsPerRow) : IBatchScorer
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public float[] Score(FeatureBatch batch)
    {
        // Spinning until the thread has used the CPU, not until the wall clock moved: on a busy machine a preempted spin would
        // otherwise cost less than it says, and a model twice as costly would not be twice as costly.
        var budget = microsecondsPerRow * batch.Rows;
        var start = Now();
        while (Now() - start < budget) Thread.SpinWait(8);
        return inner.Score(batch);
    }

    public int Width => inner.Width;

    public void Dispose() => inner.Dispose();

    private static double Now()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var t) == 0) return t.Seconds * 1e6 + t.Nanoseconds / 1e3;
        return Stopwatch.GetTimestamp() * 1e6 / Stopwatch.Frequency;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
