using System.Threading.Channels;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Model;
using Pipeline.Serving.Monitoring;
using Pipeline.Serving.Protocol;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Pipeline.Serving.Streaming;

/// <summary>
/// Consumer mode of the model server: reads requests (the HTTP bodies: V1 <c>instances</c> or a v2 infer request) from a RabbitMQ
/// queue, scores them through the server's own scoring queue (the same batching, scorer and metrics as HTTP), and publishes each
/// answer to the request's <c>reply_to</c> (else the result queue) with its message id and correlation id.
/// </summary>
/// <remarks>
/// Answers and acknowledgements of the requests delivered together go out in one AMQP transaction (<c>tx.select</c> /
/// <c>tx.commit</c>): the broker applies a group's publishes and acks together or, when the consumer dies before the commit,
/// neither, and then redelivers the group's requests. Publisher confirms followed by acks cannot give this: a consumer killed
/// between the confirm and its ack answers the redelivered request a second time. Scoring is deterministic, so a redelivered
/// request gets the answer it would have got.
/// </remarks>
public sealed partial class QueueConsumer : IAsyncDisposable
{
    private readonly ConsumerSettings _settings;
    private readonly ServedModel _model;
    private readonly ServingOptions _options;
    private readonly Batching.IScoringQueue _queue;
    private readonly InferenceCall _call;
    private readonly Pipeline.Serving.Metrics.ServingMetrics _serving;
    private readonly PredictionLog? _predictionLog;
    private readonly JsonLog _log;
    private readonly TimeProvider _time;
    private readonly Channel<Delivery> _inbox = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private IConnection _connection = null!;
    private IChannel _channel = null!;
    private string? _consumerTag;
    private Task _loop = Task.CompletedTask;
    private volatile bool _stopping;
    private int _stopped;

    private QueueConsumer(ConsumerSettings settings, ModelServer server, PredictionLog? predictionLog, TimeProvider time)
    {
        _settings = settings;
        _model = server.Model;
        _options = server.Options;
        _queue = server.Queue;
        _call = server.Call;
        _serving = server.Metrics;
        _predictionLog = predictionLog;
        _log = server.Log;
        _time = time;
        Metrics = new ConsumerMetrics(server.Metrics.BaseLabels, settings.Queue);
    }

    public ConsumerMetrics Metrics { get; }
    public ConsumerSettings Settings => _settings;

    /// <summary>Ends when the consumer stops; faults when it lost its broker connection or a commit failed (nothing unanswered is lost: the broker redelivers).</summary>
    public Task Completion => _loop;

    /// <summary>Connects, declares the three queues (durable), subscribes and starts answering. Throws <see cref="ConsumerStartException"/> with what to fix.</summary>
    public static async Task<QueueConsumer> StartAsync(ModelServer server, ConsumerSettings settings, PredictionLog? predictionLog, TimeProvider time,
        CancellationToken ct = default)
    {
        var consumer = new QueueConsumer(settings, server, predictionLog, time);
        await consumer.ConnectAsync(ct).ConfigureAwait(false);
        server.Metrics.AddSection(consumer.Metrics.WriteTo);
        return consumer;
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        var where = ConsumerSettings.Redact(_settings.Broker);
        var factory = new ConnectionFactory
        {
            Uri = _settings.Broker,
            ClientProvidedName = $"pipeline-serving {_model.Name} {_model.Version} ({_model.Variant})",
            // A lost connection ends the consumer (the process supervisor restarts it); the broker redelivers what was not committed.
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedHeartbeat = TimeSpan.FromSeconds(30),
        };
        try
        {
            _connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        }
        catch (BrokerUnreachableException e)
        {
            throw new ConsumerStartException(
                $"--consume {where}: no RabbitMQ broker accepted the connection ({Innermost(e).Message}); start the broker (on this machine: .ci/install/37-rabbitmq.sh) " +
                "or fix the host, port, user and password in the URI", e);
        }
        try
        {
            _channel = await _connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
            foreach (var queue in new[] { _settings.Queue, _settings.ResultQueue, _settings.DeadLetterQueue })
                await _channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: null, cancellationToken: ct).ConfigureAwait(false);
            await _channel.BasicQosAsync(0, (ushort)Math.Min(_settings.Prefetch, ushort.MaxValue), false, ct).ConfigureAwait(false);
            await _channel.TxSelectAsync(ct).ConfigureAwait(false);
        }
        catch (OperationInterruptedException e)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            throw new ConsumerStartException(
                $"--consume {where}: the broker refused to set up queues {_settings.Queue}, {_settings.ResultQueue} and {_settings.DeadLetterQueue} " +
                $"({e.ShutdownReason?.ReplyText ?? e.Message}); a queue that exists with other properties (not durable, exclusive, arguments) must be " +
                "deleted or another name given with --queue / --result-queue / --dead-letter-queue", e);
        }
        _connection.ConnectionShutdownAsync += (_, args) =>
        {
            Metrics.SetConnected(false);
            if (!_stopping) _inbox.Writer.TryComplete(new IOException($"the broker connection to {where} closed: {args.ReplyText} ({args.Initiator})"));
            return Task.CompletedTask;
        };
        var subscription = new AsyncEventingBasicConsumer(_channel);
        subscription.ReceivedAsync += (_, e) =>
        {
            // Written after the inbox closed (stopping): left unacknowledged, the broker requeues it when the channel closes.
            _inbox.Writer.TryWrite(Delivery.From(e.DeliveryTag, e.Redelivered, e.BasicProperties, e.Body, _time.GetTimestamp()));
            return Task.CompletedTask;
        };
        _loop = Task.Run(RunAsync, CancellationToken.None);
        _consumerTag = await _channel.BasicConsumeAsync(_settings.Queue, autoAck: false, subscription, ct).ConfigureAwait(false);
        Metrics.SetConnected(true);
        _log.Info("consuming", w =>
        {
            w.WriteString("broker", where);
            w.WriteString("queue", _settings.Queue);
            w.WriteString("result_queue", _settings.ResultQueue);
            w.WriteString("dead_letter_queue", _settings.DeadLetterQueue);
            w.WriteNumber("prefetch", _settings.Prefetch);
        });
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    /// <summary>Graceful stop: no new deliveries, the ones already here are answered and committed, then the connection closes.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _stopping = true;
        try
        {
            if (_consumerTag is not null && _channel.IsOpen) await _channel.BasicCancelAsync(_consumerTag).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException or IOException)
        {
            // The connection is gone already: whatever was not committed is redelivered by the broker.
        }
        _inbox.Writer.TryComplete();
        try { await _loop.ConfigureAwait(false); }
        catch (Exception e) { _log.Warn("consumer_stopped_with_error", w => w.WriteString("error", e.Message)); }
        Metrics.SetConnected(false);
        try
        {
            if (_channel?.IsOpen == true) await _channel.CloseAsync().ConfigureAwait(false);
            if (_connection?.IsOpen == true) await _connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException or IOException)
        {
        }
        _log.Info("consumer_stopped", w =>
        {
            w.WriteNumber("consumed", Metrics.Consumed);
            w.WriteNumber("redelivered", Metrics.Redelivered);
            w.WriteNumber("answered", Metrics.Answered);
            w.WriteNumber("dead_lettered", Metrics.DeadLettered);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_channel is not null) await _channel.DisposeAsync().ConfigureAwait(false);
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
