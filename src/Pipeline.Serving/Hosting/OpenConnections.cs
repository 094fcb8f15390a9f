using Microsoft.AspNetCore.Connections;

namespace Pipeline.Serving.Hosting;

/// <summary>Counts client connections open now (Kestrel connection middleware): the batcher waits for returning clients only
/// while other clients are connected, so a client alone is never held for ones that left.</summary>
internal sealed class OpenConnections
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        Interlocked.Increment(ref _count);
        try { await next(connection).ConfigureAwait(false); }
        finally { Interlocked.Decrement(ref _count); }
    };
}
