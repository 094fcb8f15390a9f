using System.Net.Sockets;
using System.Text;

namespace Pipeline.Serving.Hosting;

/// <summary><c>Pipeline.Serving --healthcheck [--port p] [--host h]</c>: asks a running server's readiness; exit 0 when ready. The image has no curl, so Docker's HEALTHCHECK runs this.</summary>
public static class Healthcheck
{
    public static async Task<int> RunAsync(ServingOptions options)
    {
        var host = options.Host is "0.0.0.0" or "*" or "+" or "localhost" ? "127.0.0.1" : options.Host;
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(host, options.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /v2/health/ready HTTP/1.1\r\nHost: {host}:{options.Port}\r\nConnection: close\r\n\r\n"), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAtLeastAsync(buffer, 12, throwOnEndOfStream: false, timeout.Token);
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            Console.WriteLine($"{{\"event\":\"healthcheck\",\"status\":\"{(read >= 12 ? status[9..12] : "none")}\"}}");
            return status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? 0 : 1;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            Console.WriteLine($"{{\"event\":\"healthcheck\",\"status\":\"unreachable\",\"port\":{options.Port}}}");
            return 1;
        }
    }
}
