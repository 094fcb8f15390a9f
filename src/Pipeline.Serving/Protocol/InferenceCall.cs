using Pipeline.Serving.Batching;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>Scores a validated request through the queue (batcher or direct), the same for REST and gRPC: queue full → 503,
/// model failure → 500 with the request id (and an error log), non-finite scores → the answer <see cref="NonFiniteScore"/> gives.</summary>
internal sealed class InferenceCall(ServedModel model, IScoringQueue queue, JsonLog log)
{
    /// <summary>Scores <paramref name="parsed"/>; consumes the <see cref="IScoringQueue.Expect"/> made for it.</summary>
    public async ValueTask<ScoreOutcome> ScoreAsync(ParsedRequest parsed, string requestId)
    {
        float[] scores;
        try
        {
            scores = await queue.ScoreAsync(parsed.Batch!).ConfigureAwait(false);
        }
        catch (QueueFullException e)
        {
            return new ScoreOutcome { Status = 503, Message = e.Message, RetryLater = true };
        }
        catch (ModelFailedException e)
        {
            log.Error("model_error", w =>
            {
                w.WriteString("request_id", requestId);
                w.WriteString("model", model.Name);
                w.WriteString("version", model.Version);
                w.WriteString("variant", model.Variant);
                w.WriteNumber("rows", e.Rows);
                w.WriteString("error", e.InnerException?.ToString() ?? e.Message);
            });
            return new ScoreOutcome { Status = 500, Message = $"the model failed to score this request; quote request id {requestId} when reporting it" };
        }
        if (NonFiniteScore.Find(parsed.Batch!, ServedPrediction.PerRow(scores, InferAnswer.Width(model))) is { } nonFinite)
            return new ScoreOutcome { Status = nonFinite.Status, Message = nonFinite.Message, Details = nonFinite.Details };
        return new ScoreOutcome { Scores = scores };
    }
}
