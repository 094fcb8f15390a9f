using System.Globalization;

namespace Pipeline.Bench.Serving;

/// <summary>Reads the server's batch-size histogram (<c>pipeline_batch_size_sum/_count</c>) from <c>/metrics</c>, so each step
/// reports how many rows the model saw per call: the evidence that dynamic batching formed batches.</summary>
internal static class BatchSizes
{
    public static async Task<Snapshot> ScrapeAsync(HttpClient http, int port)
    {
        var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        var s = new Snapshot();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("pipeline_batch_size_sum{", StringComparison.Ordinal)) s = s with { Rows = Value(line) };
            else if (line.StartsWith("pipeline_batch_size_count{", StringComparison.Ordinal)) s = s with { Calls = Value(line) };
            else if (line.StartsWith("pipeline_request_duration_seconds_sum{route=\"predict\"", StringComparison.Ordinal)) s = s with { Seconds = Value(line) };
            else if (line.StartsWith("pipeline_request_duration_seconds_count{route=\"predict\"", StringComparison.Ordinal)) s = s with { Requests = Value(line) };
        }
        return s;
    }

    public static double MeanRowsPerCall(Snapshot before, Snapshot after) =>
        after.Calls > before.Calls ? (after.Rows - before.Rows) / (after.Calls - before.Calls) : double.NaN;

    /// <summary>Mean time inside the server (first middleware to response written), in microseconds.</summary>
    public static double MeanServerMicros(Snapshot before, Snapshot after) =>
        after.Requests > before.Requests ? (after.Seconds - before.Seconds) / (after.Requests - before.Requests) * 1e6 : double.NaN;

    internal sealed record Snapshot(double Rows = 0, double Calls = 0, double Seconds = 0, double Requests = 0);

    private static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
