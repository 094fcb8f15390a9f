using RabbitMQ.Client;

namespace Pipeline.Serving.Streaming;

public sealed partial class QueueConsumer
{
    /// <summary>Takes what the broker has delivered (up to the prefetch), scores it as one group, and commits the group's answers,
    /// dead-letter copies and acknowledgements in one transaction; repeats until the inbox closes.</summary>
    private async Task RunAsync()
    {
        var reader = _inbox.Reader;
        var group = new List<Delivery>(_settings.Prefetch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _settings.Prefetch && reader.TryRead(out var delivery))
            {
                Metrics.CountConsumed(delivery.Redelivered);
                group.Add(delivery);
            }
            var answers = await AnswerAllAsync(group).ConfigureAwait(false);
            foreach (var answer in answers) await PublishAsync(answer).ConfigureAwait(false);
            await _channel.TxCommitAsync().ConfigureAwait(false);
            Metrics.CountCommit(answers.Length);
            foreach (var answer in answers) Count(answer);
        }
        // A fault the connection handler put on the inbox surfaces here, failing Completion.
        await reader.Completion.ConfigureAwait(false);
    }

    private async Task PublishAsync(QueueAnswer answer)
    {
        var request = answer.Request;
        if (answer.Requeue)
        {
            await _channel.BasicNackAsync(request.Tag, multiple: false, requeue: true).ConfigureAwait(false);
            return;
        }
        if (answer.Body is not null)
        {
            var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["status"] = answer.Status,
                ["model"] = _model.Name,
                ["model-version"] = _model.Version,
                ["variant"] = _model.Variant,
            };
            if (answer.HeaderLength is { } length) headers[Delivery.HeaderLengthHeader] = length;
            var properties = new BasicProperties
            {
                MessageId = request.RequestId,
                CorrelationId = string.IsNullOrEmpty(request.CorrelationId) ? request.RequestId : request.CorrelationId,
                ContentType = answer.HeaderLength is null ? "application/json" : Pipeline.Protocol.Rest.InferenceHeader.BinaryContentType,
                DeliveryMode = DeliveryModes.Persistent,
                Headers = headers,
            };
            var destination = string.IsNullOrEmpty(request.ReplyTo) ? _settings.ResultQueue : request.ReplyTo;
            await _channel.BasicPublishAsync("", destination, false, properties, answer.Body).ConfigureAwait(false);
        }
        if (answer.DeadLetterCode is not null)
        {
            var headers = request.Headers is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(request.Headers, StringComparer.Ordinal);
            headers["x-pipeline-reason"] = answer.DeadLetterReason;
            headers["x-pipeline-reason-code"] = answer.DeadLetterCode;
            headers["x-pipeline-status"] = answer.Status;
            headers["x-pipeline-queue"] = _settings.Queue;
            headers["x-pipeline-model"] = _model.Name;
            headers["x-pipeline-version"] = _model.Version;
            var copy = new BasicProperties
            {
                MessageId = request.MessageId, CorrelationId = request.CorrelationId, ReplyTo = request.ReplyTo, ContentType = request.ContentType,
                Type = request.Type, DeliveryMode = DeliveryModes.Persistent, Headers = headers,
            };
            await _channel.BasicPublishAsync("", _settings.DeadLetterQueue, false, copy, request.Body).ConfigureAwait(false);
        }
        await _channel.BasicAckAsync(request.Tag, multiple: false).ConfigureAwait(false);
    }

    /// <summary>Counted once committed: the same request series HTTP writes (route <c>amqp</c>) and the consumer's own.</summary>
    private void Count(QueueAnswer answer)
    {
        if (answer.Requeue) return;
        _serving.CountRequest("amqp", answer.Status, _time.GetElapsedTime(answer.Request.ReceivedAt));
        if (answer.Body is not null) Metrics.CountAnswered(answer.Status);
        if (answer.DeadLetterCode is null) return;
        Metrics.CountDeadLettered(answer.DeadLetterCode);
        _log.Warn("dead_lettered", w =>
        {
            w.WriteString("message_id", answer.Request.MessageId ?? "");
            w.WriteString("reason_code", answer.DeadLetterCode);
            w.WriteString("reason", answer.DeadLetterReason ?? "");
            w.WriteString("dead_letter_queue", _settings.DeadLetterQueue);
        });
    }
}
