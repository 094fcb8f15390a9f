using Pipeline.Core.Monitoring;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Pipeline.Core.Features;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Monitoring;

/// <summary>
/// The server's sampled, size-bounded prediction log: one JSON line per answered row (id, time, version, treated features, score),
/// written off the request path by one writer, rotated at <see cref="PredictionLogOptions.RotateBytes"/>, at most
/// <see cref="PredictionLogOptions.MaxFiles"/> files. It is also the index feedback joins against: a row id is its request id,
/// or <c>&lt;request id&gt;#&lt;row&gt;</c> in a multi-row request.
/// </summary>
public sealed partial class PredictionLog : IAsyncDisposable
{
    private readonly PredictionLogOptions _options;
    private readonly ServedModel _model;
    private readonly TimeProvider _time;
    private readonly Channel<PredictionRecord> _pending = Channel.CreateBounded<PredictionRecord>(
        new BoundedChannelOptions(65_536) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ConcurrentDictionary<string, Logged> _index = new(StringComparer.Ordinal);
    private readonly Random _sampling;
    private readonly Task _writer;
    private long _dropped;

    /// <summary>What the index remembers of a logged row: enough to accept and keep its feedback.</summary>
    public readonly record struct Logged(DateTimeOffset Time, string Version, string Variant, double Score);

    public PredictionLog(PredictionLogOptions options, ServedModel model, TimeProvider time)
    {
        _options = options;
        _model = model;
        _time = time;
        _sampling = new Random(options.Seed);
        System.IO.Directory.CreateDirectory(options.Directory);
        _fileNumber = LoadIndex() + 1;
        _writer = Task.Run(WriteLoopAsync);
    }

    public PredictionLogOptions Options => _options;

    /// <summary>Rows not logged because the writer fell behind (the request path never waits for the disk).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Rows logged and still in the retained files, by id.</summary>
    public bool TryFind(string id, out Logged logged) => _index.TryGetValue(id, out logged);

    /// <summary>Samples and queues the rows of one answered request; never blocks.</summary>
    public void Record(string requestId, FeatureBatch batch, float[] scores)
    {
        var now = _time.GetUtcNow();
        var width = Pipeline.Serving.Protocol.InferAnswer.Width(_model);
        for (var row = 0; row < batch.Rows; row++)
        {
            if (_options.SampleRate < 1 && Sample() >= _options.SampleRate) continue;
            var id = batch.Rows == 1 ? requestId : requestId + "#" + row.ToString(CultureInfo.InvariantCulture);
            var record = new PredictionRecord
            {
                Id = id, Time = now, Model = _model.Name, Version = _model.Version, Variant = _model.Variant,
                Features = _options.FeaturesKnownSafe ? SensitiveColumns.Treat(batch, row, _options.Sensitive) : new Dictionary<string, object?>(),
                // A multiclass answer is K probabilities per row: the log keeps the predicted class index.
                Score = width == 1 ? scores[row] : PredictedClass(scores.AsSpan(row * width, width)),
            };
            if (!_pending.Writer.TryWrite(record)) { Interlocked.Increment(ref _dropped); continue; }
            _index[id] = new Logged(now, _model.Version, _model.Variant, record.Score);
        }
    }

    private static double PredictedClass(ReadOnlySpan<float> probabilities)
    {
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++) if (probabilities[k] > probabilities[best]) best = k;
        return best;
    }

    private double Sample()
    {
        lock (_sampling) return _sampling.NextDouble();
    }

    /// <summary>Waits until every queued row is on disk (tests, shutdown, and Sample reading a live log).</summary>
    public async Task FlushAsync()
    {
        while (_pending.Reader.Count > 0 || Volatile.Read(ref _writing) == 1) await Task.Delay(5).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
