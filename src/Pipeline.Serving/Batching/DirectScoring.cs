using Pipeline.Core.Features;
using Pipeline.Serving.Metrics;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Batching;

/// <summary>Batching off: each request calls the model on its own thread; at most <c>capacity</c> requests in the model at once.</summary>
internal sealed class DirectScoring(IBatchScorer scorer, ServingMetrics metrics, int capacity) : IScoringQueue
{
    private int _depth;

    public int Depth => Volatile.Read(ref _depth);

    public void Expect() { }

    public void Forget() { }

    public ValueTask<float[]> ScoreAsync(FeatureBatch batch)
    {
        if (Interlocked.Increment(ref _depth) > capacity)
        {
            Interlocked.Decrement(ref _depth);
            return ValueTask.FromException<float[]>(new QueueFullException(capacity));
        }
        try
        {
            float[] scores;
            try
            {
                scores = scorer.Score(batch);
                if (scores.Length != batch.Rows * scorer.Width) throw new InvalidOperationException($"the model returned {scores.Length} scores for {batch.Rows} rows of {scorer.Width}");
            }
            catch (Exception e)
            {
                return ValueTask.FromException<float[]>(new ModelFailedException(batch.Rows, e));
            }
            metrics.ObserveBatch(batch.Rows);
            metrics.ObservePredictions(batch, ServedPrediction.PerRow(scores, scorer.Width));
            return new ValueTask<float[]>(scores);     // synchronous: no task allocated
        }
        finally
        {
            Interlocked.Decrement(ref _depth);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
