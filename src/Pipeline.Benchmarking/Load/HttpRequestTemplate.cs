using System.Text;

namespace Pipeline.Benchmarking.Load;

/// <summary>One HTTP/1.1 request serialized once to bytes, sent as-is on every use (keep-alive).</summary>
public sealed class HttpRequestTemplate
{
    private HttpRequestTemplate(string method, string path, byte[] bytes)
    {
        Method = method;
        Path = path;
        Bytes = bytes;
    }

    public string Method { get; }
    public string Path { get; }
    internal byte[] Bytes { get; }

    public static HttpRequestTemplate Get(string host, int port, string path) =>
        new("GET", path, Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n"));

    public static HttpRequestTemplate Post(string host, int port, string path, ReadOnlySpan<byte> body, string contentType = "application/json")
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
        var bytes = new byte[head.Length + body.Length];
        head.CopyTo(bytes, 0);
        body.CopyTo(bytes.AsSpan(head.Length));
        return new HttpRequestTemplate("POST", path, bytes);
    }
}
