using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pipeline.Core.Monitoring;

namespace Pipeline.Serving.Streaming;

/// <summary>The queue consumer's own Prometheus series, written after the server's (same model, version and variant labels, plus the queue).</summary>
public sealed class ConsumerMetrics(string baseLabels, string queue)
{
    private readonly string _labels = $"queue=\"{PrometheusFormat.Escape(queue)}\",{baseLabels}";
    private long _consumed;
    private long _redelivered;
    private long _commits;
    private int _connected;
    private readonly ConcurrentDictionary<int, StrongBox<long>> _answered = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _deadLettered = new(StringComparer.Ordinal);
    private readonly PrometheusHistogram _commitMessages = new([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);

    public long Consumed => Interlocked.Read(ref _consumed);
    public long Redelivered => Interlocked.Read(ref _redelivered);
    public long Answered => _answered.Values.Sum(b => Interlocked.Read(ref b.Value));
    public long DeadLettered => _deadLettered.Values.Sum(b => Interlocked.Read(ref b.Value));

    public void CountConsumed(bool redelivered)
    {
        Interlocked.Increment(ref _consumed);
        if (redelivered) Interlocked.Increment(ref _redelivered);
    }

    public void CountAnswered(int status) => Interlocked.Increment(ref _answered.GetOrAdd(status, _ => new StrongBox<long>()).Value);

    public void CountDeadLettered(string reason) => Interlocked.Increment(ref _deadLettered.GetOrAdd(reason, _ => new StrongBox<long>()).Value);

    public void CountCommit(int messages)
    {
        Interlocked.Increment(ref _commits);
        _commitMessages.Observe(messages);
    }

    public void SetConnected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);

    public void WriteTo(TextWriter w)
    {
        PrometheusFormat.Header(w, "pipeline_consumer_connected", "gauge", "1 while the consumer holds its broker connection and subscription.");
        w.Write($"pipeline_consumer_connected{{{_labels}}} {Volatile.Read(ref _connected)}\n");
        PrometheusFormat.Header(w, "pipeline_consumer_messages_total", "counter", "Request messages delivered to the consumer (redeliveries included).");
        w.Write($"pipeline_consumer_messages_total{{{_labels}}} {Consumed}\n");
        PrometheusFormat.Header(w, "pipeline_consumer_redelivered_total", "counter", "Request messages the broker delivered again (an earlier delivery was not acknowledged).");
        w.Write($"pipeline_consumer_redelivered_total{{{_labels}}} {Redelivered}\n");
        PrometheusFormat.Header(w, "pipeline_consumer_answers_total", "counter", "Answers published (and their requests acknowledged), by the status an HTTP client would get.");
        foreach (var (status, box) in _answered.OrderBy(kv => kv.Key))
            w.Write($"pipeline_consumer_answers_total{{status=\"{status}\",{_labels}}} {Interlocked.Read(ref box.Value)}\n");
        PrometheusFormat.Header(w, "pipeline_consumer_dead_lettered_total", "counter", "Requests moved to the dead-letter queue, by reason.");
        foreach (var (reason, box) in _deadLettered.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            w.Write($"pipeline_consumer_dead_lettered_total{{reason=\"{PrometheusFormat.Escape(reason)}\",{_labels}}} {Interlocked.Read(ref box.Value)}\n");
        PrometheusFormat.Header(w, "pipeline_consumer_commits_total", "counter", "Broker transactions committed (answers published and requests acknowledged together).");
        w.Write($"pipeline_consumer_commits_total{{{_labels}}} {Interlocked.Read(ref _commits)}\n");
        PrometheusFormat.Header(w, "pipeline_consumer_commit_messages", "histogram", "Requests answered per broker transaction.");
        _commitMessages.WriteTo(w, "pipeline_consumer_commit_messages", _labels);
    }
}
