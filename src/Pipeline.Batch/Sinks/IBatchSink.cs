namespace Pipeline.Batch.Sinks;

/// <summary>
/// Where a batch's predictions go. Rows are staged durably chunk by chunk (a killed run resumes after the last chunk) and
/// become visible only at <see cref="CommitAsync"/>, which replaces an earlier batch with the same id in one step.
/// </summary>
public interface IBatchSink : IAsyncDisposable
{
    /// <summary>Starts or resumes the batch; returns how many input rows are already staged for this very batch (0 for a fresh start).</summary>
    Task<long> BeginAsync(BatchIdentity batch, CancellationToken ct);

    /// <summary>Stages the rows durably; after it returns, a kill loses nothing of this chunk.</summary>
    Task WriteAsync(ScoredChunk chunk, CancellationToken ct);

    /// <summary>Publishes the staged rows as the batch, replacing an earlier one atomically; returns where the batch is.</summary>
    Task<string> CommitAsync(long rows, CancellationToken ct);
}
