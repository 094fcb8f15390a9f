using System.Net.Sockets;
using System.Text;

namespace Pipeline.Gateway.Tests.Support;

/// <summary>An HTTP/1.1 request written by hand on a socket, for what HttpClient refuses to send: a body shorter than its Content-Length, or one that stalls.</summary>
public static class RawRequest
{
    /// <summary>Sends the headers (declaring <paramref name="declaredLength"/>) and <paramref name="sentBytes"/> bytes of body; then either
    /// closes the sending side (<paramref name="closeSend"/>) or stalls; returns the status code and the whole answer.</summary>
    public static async Task<(int Status, string Text)> SendAsync(Uri baseAddress, string path, long declaredLength, int sentBytes, bool closeSend, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var head = $"POST {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {declaredLength}\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        await socket.SendAsync(Encoding.ASCII.GetBytes("{\"inputs\":[" + new string(' ', Math.Max(0, sentBytes - 11))));
        if (closeSend) socket.Shutdown(SocketShutdown.Send);

        using var cts = new CancellationTokenSource(timeout);
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0) answer.Write(buffer, 0, read);
        }
        catch (OperationCanceledException) when (answer.Length > 0)
        {
            // The answer came, the connection stayed open: enough.
        }
        catch (SocketException)
        {
            // Reset by the server: what arrived before (maybe nothing, status 0) is the answer.
        }
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (status, text);
    }
}
