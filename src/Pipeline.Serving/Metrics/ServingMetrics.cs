using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pipeline.Core.Features;
using Pipeline.Core.Monitoring;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Metrics;

/// <summary>The server's Prometheus metrics, every series labelled with model, version and variant.</summary>
public sealed class ServingMetrics
{
    public static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    public static readonly double[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
    public static readonly double[] ScoreBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1];
    private static readonly double[] Quantiles = [0.05, 0.25, 0.5, 0.75, 0.95];

    private readonly string _base;
    private readonly ConcurrentDictionary<(string Route, int Status), StrongBox<long>> _requests = new();
    private readonly ConcurrentDictionary<string, PrometheusHistogram> _durations = new(StringComparer.Ordinal);
    private PrometheusHistogram _batchSize = new(BatchBuckets);
    private readonly double[] _scoreBuckets;
    private PrometheusHistogram _scores;
    private (string Name, NumericFeatureSummary Summary)[] _numericSeries;
    private readonly object _numericGate = new();
    private (string Name, CategoricalFeatureCounts Counts)[] _categoricalSeries;
    private Func<int> _queueDepth = () => 0;
    private readonly List<Action<TextWriter>> _sections = [];

    public ServingMetrics(ServedModel model)
    {
        _scoreBuckets = model.Task == Pipeline.Core.Models.ModelTask.Binary && ReferenceEquals(model.ScoreBuckets, RolloutBuckets.Scores) ? ScoreBuckets : [.. model.ScoreBuckets];
        _scores = new PrometheusHistogram(_scoreBuckets);
        _base = $"model=\"{PrometheusFormat.Escape(model.Name)}\",version=\"{PrometheusFormat.Escape(model.Version)}\",variant=\"{PrometheusFormat.Escape(model.Variant)}\"";
        _numericSeries = NewNumeric(model.Columns.Where(c => c.Kind == FeatureKind.Numeric).Select(c => c.Name));
        _categoricalSeries = NewCategorical(model.Columns.Where(c => c.Kind != FeatureKind.Numeric).Select(c => c.Name));
    }

    private (string, NumericFeatureSummary)[] NewNumeric(IEnumerable<string> names) =>
        names.Select(n => (n, new NumericFeatureSummary(_numericGate))).ToArray();

    private static (string, CategoricalFeatureCounts)[] NewCategorical(IEnumerable<string> names) =>
        names.Select(n => (n, new CategoricalFeatureCounts())).ToArray();

    public double ModelLoadSeconds { get; set; }

    /// <summary>The batching decision, shown as <c>pipeline_batching_enabled</c> and, when measured, the per-row costs it was made on.</summary>
    public Pipeline.Serving.Batching.BatchingDecision? Batching { get; init; }

    /// <summary>Forgets every observation (request counts, durations, batch sizes, scores, feature summaries): called once,
    /// after the server's own warm-up requests and before it reports ready, while nothing else is observed.</summary>
    public void Reset()
    {
        _requests.Clear();
        _durations.Clear();
        _generation++;
        _batchSize = new PrometheusHistogram(BatchBuckets);
        _scores = new PrometheusHistogram(_scoreBuckets);
        _numericSeries = NewNumeric(_numericSeries.Select(s => s.Name));
        _categoricalSeries = NewCategorical(_categoricalSeries.Select(s => s.Name));
    }

    /// <summary>The series' common labels: <c>model="…",version="…",variant="…"</c>.</summary>
    public string BaseLabels => _base;

    /// <summary>Adds series written after the server's own on every scrape (the queue consumer's).</summary>
    public void AddSection(Action<TextWriter> write)
    {
        lock (_sections) _sections.Add(write);
    }

    /// <summary>Reads the current queue depth at scrape time.</summary>
    public void TrackQueueDepth(Func<int> depth) => _queueDepth = depth;

    public void CountRequest(string route, int status, TimeSpan duration)
    {
        // The last series counted is kept: a server under load answers one route with one status nearly every time, and a
        // reference comparison spares the two dictionary look-ups (a string hash each) per request.
        var last = _lastSeries;
        if (last is null || !ReferenceEquals(last.Route, route) || last.Status != status || last.Generation != _generation)
            _lastSeries = last = new RouteSeries(route, status, _generation,
                _requests.GetOrAdd((route, status), _ => new StrongBox<long>()), _durations.GetOrAdd(route, _ => new PrometheusHistogram(DurationBuckets)));
        Interlocked.Increment(ref last.Count.Value);
        last.Duration.Observe(duration.TotalSeconds);
    }

    private sealed record RouteSeries(string Route, int Status, int Generation, StrongBox<long> Count, PrometheusHistogram Duration);

    private volatile RouteSeries? _lastSeries;
    private volatile int _generation;

    public void ObserveBatch(int rows) => _batchSize.Observe(rows);

    /// <summary>Samples of the batch-size histogram so far (tests and benches read it).</summary>
    public long BatchCount => _batchSize.Count;

    public void ObservePredictions(FeatureBatch inputs, ReadOnlySpan<float> scores)
    {
        // A NaN would make the histogram's sum NaN for the life of the process; such rows are answered as errors, not scores.
        foreach (var s in scores)
            if (float.IsFinite(s)) _scores.Observe(s);
        // Arrays in column order, not the dictionaries: this runs for every request (30 columns for a tensor-input model).
        var numeric = _numericSeries;
        lock (_numericGate)
            for (var i = 0; i < numeric.Length; i++)
                if (inputs.Numeric.TryGetValue(numeric[i].Name, out var values)) numeric[i].Summary.ObserveLocked(values);
        var categorical = _categoricalSeries;
        for (var i = 0; i < categorical.Length; i++)
            if (inputs.Categorical.TryGetValue(categorical[i].Name, out var values)) categorical[i].Counts.Observe(values);
    }

    public void WriteTo(TextWriter w)
    {
        PrometheusFormat.Header(w, "pipeline_model_info", "gauge", "Model served by this process (always 1).");
        w.Write($"pipeline_model_info{{{_base}}} 1\n");
        PrometheusFormat.Header(w, "pipeline_model_load_seconds", "gauge", "Time to load the model and run its warm-up batch.");
        w.Write($"pipeline_model_load_seconds{{{_base}}} {PrometheusFormat.Number(ModelLoadSeconds)}\n");

        if (Batching is { } batching)
        {
            PrometheusFormat.Header(w, "pipeline_batching_enabled", "gauge", "1 when requests are batched; mode auto: decided at load time from the measured costs below.");
            w.Write($"pipeline_batching_enabled{{mode=\"{batching.Mode}\",{_base}}} {(batching.Enabled ? 1 : 0)}\n");
            if (!double.IsNaN(batching.SingleRowMicros))
            {
                PrometheusFormat.Header(w, "pipeline_batching_probe_row_seconds", "gauge", "Load-time probe: wall time per row of a model call of the given rows.");
                w.Write($"pipeline_batching_probe_row_seconds{{rows=\"1\",{_base}}} {PrometheusFormat.Number(batching.SingleRowMicros / 1e6)}\n");
                w.Write($"pipeline_batching_probe_row_seconds{{rows=\"{batching.BatchRows}\",{_base}}} {PrometheusFormat.Number(batching.BatchedRowMicros / 1e6)}\n");
            }
        }

        PrometheusFormat.Header(w, "pipeline_requests_total", "counter", "HTTP requests by route and status code.");
        foreach (var ((route, status), box) in _requests.OrderBy(kv => kv.Key.Route, StringComparer.Ordinal).ThenBy(kv => kv.Key.Status))
            w.Write($"pipeline_requests_total{{route=\"{route}\",status=\"{status}\",{_base}}} {Volatile.Read(ref box.Value)}\n");

        PrometheusFormat.Header(w, "pipeline_request_duration_seconds", "histogram", "Time from request start to response, by route.");
        foreach (var (route, h) in _durations.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            h.WriteTo(w, "pipeline_request_duration_seconds", $"route=\"{route}\",{_base}");

        PrometheusFormat.Header(w, "pipeline_batch_size", "histogram", "Rows per model call (dynamic batching merges requests).");
        _batchSize.WriteTo(w, "pipeline_batch_size", _base);

        PrometheusFormat.Header(w, "pipeline_queue_depth", "gauge", "Requests waiting for or in the model.");
        w.Write($"pipeline_queue_depth{{{_base}}} {_queueDepth()}\n");

        PrometheusFormat.Header(w, "pipeline_prediction_score", "histogram", "Predicted positive-class probability per row.");
        _scores.WriteTo(w, "pipeline_prediction_score", _base);

        PrometheusFormat.Header(w, "pipeline_feature_value", "summary", "Numeric feature values received (quantiles over the last 1024 non-missing values).");
        foreach (var (name, summary) in _numericSeries.OrderBy(kv => kv.Name, StringComparer.Ordinal))
        {
            var (count, _, sum, q) = summary.Snapshot(Quantiles);
            var labels = $"feature=\"{PrometheusFormat.Escape(name)}\",{_base}";
            for (var i = 0; i < Quantiles.Length; i++)
                w.Write($"pipeline_feature_value{{{labels},quantile=\"{PrometheusFormat.Number(Quantiles[i])}\"}} {PrometheusFormat.Number(q[i])}\n");
            w.Write($"pipeline_feature_value_sum{{{labels}}} {PrometheusFormat.Number(sum)}\n");
            w.Write($"pipeline_feature_value_count{{{labels}}} {count}\n");
        }
        PrometheusFormat.Header(w, "pipeline_feature_missing_total", "counter", "Numeric feature values received as null (NaN).");
        foreach (var (name, summary) in _numericSeries.OrderBy(kv => kv.Name, StringComparer.Ordinal))
            w.Write($"pipeline_feature_missing_total{{feature=\"{PrometheusFormat.Escape(name)}\",{_base}}} {summary.Snapshot([]).Missing}\n");

        PrometheusFormat.Header(w, "pipeline_feature_category_total", "counter", $"Categorical feature values received (at most {CategoricalFeatureCounts.MaxValues} values per feature, then __other__).");
        foreach (var (name, counts) in _categoricalSeries.OrderBy(kv => kv.Name, StringComparer.Ordinal))
            foreach (var (value, n) in counts.Snapshot())
                w.Write($"pipeline_feature_category_total{{feature=\"{PrometheusFormat.Escape(name)}\",value=\"{PrometheusFormat.Escape(value)}\",{_base}}} {n}\n");

        // The runtime's own counters, as Prometheus client libraries export them: CPU and allocation per request are what the
        // serving bench reads (a busy machine moves throughput, not these).
        PrometheusFormat.Header(w, "process_cpu_seconds_total", "counter", "User and system CPU time of the server process.");
        w.Write($"process_cpu_seconds_total{{{_base}}} {PrometheusFormat.Number(Environment.CpuUsage.TotalTime.TotalSeconds)}\n");
        PrometheusFormat.Header(w, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since the process started.");
        w.Write($"dotnet_gc_allocated_bytes_total{{{_base}}} {GC.GetTotalAllocatedBytes()}\n");
        PrometheusFormat.Header(w, "dotnet_gc_collections_total", "counter", "Garbage collections by generation.");
        for (var g = 0; g <= GC.MaxGeneration; g++) w.Write($"dotnet_gc_collections_total{{generation=\"{g}\",{_base}}} {GC.CollectionCount(g)}\n");

        Action<TextWriter>[] sections;
        lock (_sections) sections = [.. _sections];
        foreach (var section in sections) section(w);
    }
}
