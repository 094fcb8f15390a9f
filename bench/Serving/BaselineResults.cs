namespace Pipeline.Bench.Serving;

/// <summary>Per-step figures of the baselines run and the summary tables: medians over rounds of per-round ratios.</summary>
internal sealed class BaselineResults
{
    private readonly Dictionary<(string Model, string Generator, string Kind, int C), List<(Wrk.Step Step, double ServerCpu)>> _steps = [];

    public void Add(string model, string generator, string kind, int c, Wrk.Step step, double serverCpu)
    {
        var key = (model, generator, kind, c);
        if (!_steps.TryGetValue(key, out var list)) _steps[key] = list = [];
        list.Add((step, serverCpu));
    }

    public void Print(string generator, string[] models, int[] levels, bool forced)
    {
        Console.WriteLine();
        Console.WriteLine($"Load generator: {(generator == "wrk" ? "wrk (Debian)" : "Pipeline.Benchmarking.LoadGenerator (in the bench process)")}");
        Console.WriteLine("| model | c | server req/s | vs idiomatic | vs optimised | vs bare Kestrel | p50 ms server / optimised | CPU µs/req server / idiomatic / optimised / bare | goal met |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var model in models)
            foreach (var c in levels)
            {
                var own = _steps[(model, generator, "pipeline", c)];
                double Ratio(string kind) => Median(own.Select((s, i) => s.Step.Throughput / _steps[(model, generator, kind, c)][i].Step.Throughput));
                double Cpu(string kind) => Median(_steps[(model, generator, kind, c)].Select(s => s.ServerCpu));
                double P50(string kind) => Median(_steps[(model, generator, kind, c)].Select(s => s.Step.P50Ms));
                var optimised = Ratio("optimised");
                var bare = Ratio("bare");
                var met = optimised >= 1.2 && (c != 32 || bare >= 0.8);
                Console.WriteLine($"| {model} | {c} | {Median(own.Select(s => s.Step.Throughput)):0} | {Ratio("idiomatic"):0.00}× | {optimised:0.00}× | {bare:0.00}× | " +
                                  $"{P50("pipeline"):0.000} / {P50("optimised"):0.000} | {Cpu("pipeline"):0} / {Cpu("idiomatic"):0} / {Cpu("optimised"):0} / {Cpu("bare"):0} | {(met ? "yes" : "no")} |");
            }
        if (!forced) return;
        Console.WriteLine();
        Console.WriteLine("| model | c | as shipped vs --batching on | as shipped vs --batching off | on vs off | CPU µs/req as shipped / on / off |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var model in models)
            foreach (var c in levels)
            {
                double Ratio(string a, string b) => Median(_steps[(model, generator, a, c)].Select((s, i) => s.Step.Throughput / _steps[(model, generator, b, c)][i].Step.Throughput));
                double Cpu(string kind) => Median(_steps[(model, generator, kind, c)].Select(s => s.ServerCpu));
                Console.WriteLine($"| {model} | {c} | {Ratio("pipeline", "forced-on"):0.00}× | {Ratio("pipeline", "forced-off"):0.00}× | {Ratio("forced-on", "forced-off"):0.00}× | " +
                                  $"{Cpu("pipeline"):0} / {Cpu("forced-on"):0} / {Cpu("forced-off"):0} |");
            }
    }

    private static double Median(IEnumerable<double> xs)
    {
        var a = xs.Order().ToArray();
        return a.Length == 0 ? double.NaN : a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }
}
