namespace Pipeline.Serving.Batching;

/// <summary>The bounded queue is full: the server is overloaded and the client should retry later.</summary>
public sealed class QueueFullException(int capacity)
    : Exception($"the scoring queue is full ({capacity} requests waiting); retry after a short pause or raise --max-queue")
{
    public int Capacity { get; } = capacity;
}
