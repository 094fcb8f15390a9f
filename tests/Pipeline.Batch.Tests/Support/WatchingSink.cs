using Pipeline.Batch.Sinks;

namespace Pipeline.Batch.Tests.Support;

/// <summary>Passes chunks on and calls back just before and just after each one is staged.</summary>
public sealed class WatchingSink(IBatchSink inner, Action<ScoredChunk> before, Action<ScoredChunk> after) : IBatchSink
{
    public Task<long> BeginAsync(BatchIdentity batch, CancellationToken ct) => inner.BeginAsync(batch, ct);

    public async Task WriteAsync(ScoredChunk chunk, CancellationToken ct)
    {
        before(chunk);
        await inner.WriteAsync(chunk, ct);
        after(chunk);
    }

    public Task<string> CommitAsync(long rows, CancellationToken ct) => inner.CommitAsync(rows, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
