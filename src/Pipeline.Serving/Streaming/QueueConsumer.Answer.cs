using System.Buffers;
using System.Text.Json;
using Pipeline.Serving.Protocol;

namespace Pipeline.Serving.Streaming;

public sealed partial class QueueConsumer
{
    /// <summary>Scores the group's requests together: every one is announced to the batcher first, so it waits for the rest and merges them.</summary>
    private async Task<QueueAnswer[]> AnswerAllAsync(IReadOnlyList<Delivery> group)
    {
        for (var i = 0; i < group.Count; i++) _queue.Expect();
        var answers = new Task<QueueAnswer>[group.Count];
        for (var i = 0; i < group.Count; i++) answers[i] = AnswerAsync(group[i]);
        return await Task.WhenAll(answers).ConfigureAwait(false);
    }

    /// <summary>The answer to one request, exactly what HTTP would answer for the same body; consumes one <c>Expect</c>.</summary>
    private async Task<QueueAnswer> AnswerAsync(Delivery request)
    {
        var id = request.RequestId;
        if (id is null)
        {
            _queue.Forget();
            return new QueueAnswer
            {
                Request = request, Status = 400, DeadLetterCode = "no_id",
                DeadLetterReason = "the message has neither a message_id nor a correlation_id, so its answer could not be matched to it or deduplicated; set the AMQP message_id property",
            };
        }
        var v2 = IsInfer(request);
        var parsed = request.Body.Length > _options.MaxBodyBytes
            ? ParsedRequest.Fail("$", $"body is larger than the limit of {_options.MaxBodyBytes} bytes; send fewer rows per message or raise --max-body-bytes")
            : v2
                ? V2InferReader.Read(request.Body, request.HeaderLength, _model, _options.MaxRequestRows)
                : V1PredictReader.Read(request.Body, _model, _options.MaxRequestRows);
        if (!parsed.Ok)
        {
            _queue.Forget();
            var message = $"invalid request: {parsed.Errors.Count} problem(s), first: {parsed.Errors[0].Field}: {parsed.Errors[0].Problem}";
            return Error(request, id, 400, message, parsed.Errors, "malformed");
        }
        var outcome = await _call.ScoreAsync(parsed, id).ConfigureAwait(false);
        if (outcome.Scores is not { } scores)
        {
            if (outcome.RetryLater) return new QueueAnswer { Request = request, Status = outcome.Status, Requeue = true };
            return Error(request, id, outcome.Status, outcome.Message, outcome.Details, outcome.Status == 500 && outcome.Details is null ? "model_error" : "non_finite");
        }
        _predictionLog?.Record(id, parsed.Batch!, scores);
        var buffer = new ArrayBufferWriter<byte>(256);
        using var w = new Utf8JsonWriter(buffer);
        int? headerLength = null;
        if (v2)
        {
            headerLength = Pipeline.Protocol.Rest.InferenceJson.WriteResponse(buffer, w, InferAnswer.For(_model, parsed, scores),
                t => parsed.Request?.WantsBinary(t.Name) ?? false);
        }
        else
        {
            V1Answer.Write(w, _model, scores);
            w.Flush();
        }
        return new QueueAnswer { Request = request, Body = buffer.WrittenSpan.ToArray(), HeaderLength = headerLength };
    }

    /// <summary>The AMQP <c>type</c> says which protocol (<c>infer</c> or <c>predict</c>); without it a binary header or a top-level
    /// <c>inputs</c> field means a v2 infer request, anything else is read as V1 (whose reader names what is wrong).</summary>
    private static bool IsInfer(Delivery request)
    {
        if (request.Type is { Length: > 0 } type) return type is "infer" or "v2";
        if (request.HeaderLength is not null) return true;
        var reader = new Utf8JsonReader(request.Body, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("inputs"u8)) return true;
                if (reader.ValueTextEquals("instances"u8)) return false;
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    private QueueAnswer Error(Delivery request, string id, int status, string message, IReadOnlyList<FieldError>? details, string code)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
            JsonResponse.WriteError(w, message, id, details);
        return new QueueAnswer
        {
            Request = request, Status = status, Body = buffer.WrittenSpan.ToArray(), DeadLetterCode = code, DeadLetterReason = $"{status}: {message}",
        };
    }
}
