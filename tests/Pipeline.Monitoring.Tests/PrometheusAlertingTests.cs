using System.Diagnostics;
using Pipeline.Core.Verdicts;
using Pipeline.Monitoring.Alerts;
using Pipeline.Monitoring.Live;
using Pipeline.Testing;

namespace Pipeline.Monitoring.Tests;

/// <summary>The project's alerting rules in a real Prometheus (Debian) with Debian's Alertmanager delivering to a local webhook receiver.</summary>
public sealed class PrometheusAlertingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipeline-alerting-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private static string Binary(string name) =>
        new[] { "/usr/bin/" + name, "/usr/local/bin/" + name }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed; run .ci/install/50-prometheus.sh and .ci/install/51-alertmanager.sh (./build.sh Setup)");

    private static Process Start(string binary, IEnumerable<string> args, List<string> logs)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        var p = Process.Start(info)!;
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (logs) logs.Add(e.Data); };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (logs) logs.Add(e.Data); };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    [Fact]
    public async Task AlertRules_DriftGaugeBreached_AlertDeliveredThroughAlertmanager()
    {
        var prometheus = Binary("prometheus");
        var alertmanager = Binary("prometheus-alertmanager");
        var layout = Core.Layout.RepositoryLayout.Find(Pipeline.Testing.CheckoutRoot.Path);
        var config = Core.Models.ModelConfigLoader.Load(layout, "fraud-detector");

        var rules = Path.Combine(_folder, "rules.yml");
        File.WriteAllText(rules, AlertRules.Render(config, TimeSpan.FromSeconds(10), forDuration: "0s"));
        var check = Process.Start(new ProcessStartInfo(Binary("promtool"), ["check", "rules", rules]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var checkOut = await check.StandardOutput.ReadToEndAsync() + await check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, "promtool rejected the rules: " + checkOut);

        await using var receiver = new WebhookReceiver();
        await using var exporter = new GaugeExporter(WebhookReceiver.FreePort());
        var breach = new Verdict
        {
            Gate = "Monitor", Subject = "fraud-detector 9",
            Checks = [new Check { Metric = "input drift: amount: psi", Observed = "0.61", Threshold = "< 0.25", Outcome = CheckOutcome.Fail }],
        };
        exporter.Publish(MonitorGauges.From("fraud-detector", "9", breach, 0.9).ToPrometheusText(DateTimeOffset.UtcNow));

        var amPort = WebhookReceiver.FreePort();
        File.WriteAllText(Path.Combine(_folder, "alertmanager.yml"), $"""
            route: {"{"} receiver: hook, group_wait: 1s, group_interval: 1s, repeat_interval: 1h {"}"}
            receivers:
              - name: hook
                webhook_configs: [ {"{"} url: "{receiver.Url}", send_resolved: false {"}"} ]
            """);
        var promPort = WebhookReceiver.FreePort();
        File.WriteAllText(Path.Combine(_folder, "prometheus.yml"), $"""
            global: {"{"} scrape_interval: 1s, evaluation_interval: 1s {"}"}
            rule_files: [ "{rules}" ]
            alerting:
              alertmanagers: [ {"{"} static_configs: [ {"{"} targets: [ "127.0.0.1:{amPort}" ] {"}"} ] {"}"} ]
            scrape_configs:
              - job_name: monitor
                static_configs: [ {"{"} targets: [ "127.0.0.1:{exporter.Port}" ] {"}"} ]
            """);
        var logs = new List<string>();
        using var am = Start(alertmanager, [$"--config.file={Path.Combine(_folder, "alertmanager.yml")}", $"--storage.path={Path.Combine(_folder, "am")}",
            $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address=", "--log.level=warn"], logs);
        using var prom = Start(prometheus, [$"--config.file={Path.Combine(_folder, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(_folder, "tsdb")}",
            $"--web.listen-address=127.0.0.1:{promPort}", "--log.level=warn"], logs);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !receiver.Bodies.Any(b => b.Contains("PipelineModelInputDrift", StringComparison.Ordinal)) && !prom.HasExited && !am.HasExited)
                await Task.Delay(250);
            var delivered = receiver.Bodies.FirstOrDefault(b => b.Contains("PipelineModelInputDrift", StringComparison.Ordinal));
            Assert.True(delivered is not null, $"no alert reached the webhook; logs:\n{string.Join('\n', logs.TakeLast(40))}");
            Assert.Contains("\"model\":\"fraud-detector\"", delivered);
            Assert.Contains("\"status\":\"firing\"", delivered);
            Assert.DoesNotContain(receiver.Bodies, b => b.Contains("PipelineModelQuality", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var p in new[] { prom, am })
            {
                if (!p.HasExited) p.Kill();
                await p.WaitForExitAsync();
            }
        }
    }
}
