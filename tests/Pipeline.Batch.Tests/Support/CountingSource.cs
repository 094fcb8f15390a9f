using Pipeline.Batch.Sources;

namespace Pipeline.Batch.Tests.Support;

/// <summary>Passes an input's chunks on and counts how many have been read so far (read from the pipeline's reader thread).</summary>
public sealed class CountingSource(IBatchSource inner) : IBatchSource
{
    private int _chunks;

    public int Chunks => Volatile.Read(ref _chunks);

    public double Fraction => inner.Fraction;

    public bool TryRead(out SourceChunk chunk)
    {
        if (!inner.TryRead(out chunk)) return false;
        Interlocked.Increment(ref _chunks);
        return true;
    }

    public void Dispose() => inner.Dispose();
}
