using System.Net;
using System.Net.Sockets;

namespace Pipeline.Deployment.Targets;

/// <summary>Asks the kernel for a free TCP port on 127.0.0.1 (released at once; the caller binds it next).</summary>
internal static class FreePort
{
    private static int _last;

    /// <summary>A free port, never the one returned just before (a server takes two in a row: REST and gRPC).</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Interlocked.Exchange(ref _last, port) != port) return port;
        }
    }
}
