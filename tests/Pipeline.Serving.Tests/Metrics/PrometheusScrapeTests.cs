using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pipeline.Serving.Tests.Support;
using Xunit.Abstractions;

namespace Pipeline.Serving.Tests.Metrics;

/// <summary>A real Prometheus server (Debian package, installed by .ci/install/50-prometheus.sh) scrapes the model server; the series is read back through its HTTP API.</summary>
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    private static string? FindPrometheus()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "prometheus");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task RealPrometheus_ScrapesServer_SeriesReadableThroughQueryApi()
    {
        var binary = FindPrometheus();
        if (binary is null)
        {
            output.WriteLine("SKIPPED: the prometheus binary is not installed; run .ci/install/50-prometheus.sh (apt-get install prometheus)");
            return;
        }
        await using var server = await RunningServer.StartAsync();
        for (var i = 0; i < 3; i++)
            Assert.True((await server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(TestModels.Rows(2, seed: i)))).IsSuccessStatusCode);

        var port = FreePort();
        var config = Path.Combine(server.Folder, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: model
                static_configs:
                  - targets: ["127.0.0.1:{server.Server.Port}"]
            """);
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(server.Folder, "tsdb")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" })
            info.ArgumentList.Add(a);
        using var prometheus = Process.Start(info)!;
        var logs = new List<string>();
        prometheus.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (logs) logs.Add(e.Data); };
        prometheus.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var query = Uri.EscapeDataString("pipeline_requests_total{route=\"predict\",status=\"200\",model=\"fraud-detector\",variant=\"canary\"}");
            var deadline = DateTime.UtcNow.AddSeconds(40);
            double? value = null;
            JsonElement metric = default;
            while (value is null && DateTime.UtcNow < deadline && !prometheus.HasExited)
            {
                await Task.Delay(500);
                try
                {
                    var json = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/query?query={query}")).RootElement;
                    var result = json.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() > 0)
                    {
                        metric = result[0].GetProperty("metric");
                        value = double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException) { }     // not listening yet
            }
            Assert.True(value is not null, $"prometheus never returned the series; its log:\n{string.Join('\n', logs)}");
            Assert.Equal(3, value);
            Assert.Equal("7", metric.GetProperty("version").GetString());
            Assert.Equal("model", metric.GetProperty("job").GetString());
        }
        finally
        {
            if (!prometheus.HasExited) prometheus.Kill();
            await prometheus.WaitForExitAsync();
        }
    }
}
