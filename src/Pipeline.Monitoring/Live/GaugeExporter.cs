using System.Net;
using System.Text;

namespace Pipeline.Monitoring.Live;

/// <summary>Serves the Monitor's latest gauges at <c>/metrics</c> on 127.0.0.1 for Prometheus to scrape (Monitor --watch --metrics-port).</summary>
public sealed class GaugeExporter : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile string _text = "";

    public GaugeExporter(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public void Publish(string prometheusText) => _text = prometheusText;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var bytes = Encoding.UTF8.GetBytes(ctx.Request.Url?.AbsolutePath == "/metrics" ? _text : "");
            ctx.Response.StatusCode = ctx.Request.Url?.AbsolutePath == "/metrics" ? 200 : 404;
            ctx.Response.ContentType = Pipeline.Core.Monitoring.PrometheusFormat.ContentType;
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
