using Pipeline.Batch.Sinks;

namespace Pipeline.Batch.Tests.Support;

/// <summary>Passes chunks on and stops the run (as a kill would) after the given number of staged chunks.</summary>
public sealed class StoppingSink(IBatchSink inner, int stopAfterChunks) : IBatchSink
{
    private int _chunks;

    public Task<long> BeginAsync(BatchIdentity batch, CancellationToken ct) => inner.BeginAsync(batch, ct);

    public async Task WriteAsync(ScoredChunk chunk, CancellationToken ct)
    {
        if (_chunks++ >= stopAfterChunks) throw new OperationCanceledException("stopped as by a kill");
        await inner.WriteAsync(chunk, ct);
    }

    public Task<string> CommitAsync(long rows, CancellationToken ct) => inner.CommitAsync(rows, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts later, after the assertions).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
