using System.Net;
using System.Net.Sockets;

namespace Pipeline.Deployment.Targets;

/// <summary>Asks the kernel for a free TCP port on 127.0.0.1 (released at once; the caller binds it next).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
