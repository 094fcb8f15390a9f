using System.Globalization;
using Pipeline.Deployment.Canary;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Tests.Release;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Reports.Tests.Support;
using Pipeline.Registry.Aliases;

namespace Pipeline.Reports.Tests.Browser;

/// <summary>The gateway's live release page in Chromium while a real canary runs (process target: real servers, real gateway).</summary>
public sealed class LiveReleasePageBrowserTests
{
    [Fact]
    public async Task ReleasePage_DuringRealCanary_ShowsWeightsEvidenceAndTheRegistrysDecisions()
    {
        await using var s = await ReleaseScenario.StartAsync();
        var gateway = await s.Harness.GatewayEndpointAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync($"{gateway}/release");
        Assert.Equal("Live release — Pipeline gateway", await page.TitleAsync());
        await page.WaitForFunctionAsync("() => document.querySelector('#stable-version').textContent === 'v1'");

        var file = FraudModels.Write(s.Harness.Root, "v2", -2.0);
        await s.Harness.RegisterAsync("v2", file);
        // The page is under test, not latency: a 500 ms margin keeps a freshly started canary's cold first second from ending the rollout.
        var request = s.Request("v2", file) with { Policy = ReleaseScenario.Policy with { MaxP99LatencyIncreaseMs = 500 } };
        var release = s.Release.RunAsync(request, CancellationToken.None);

        // While the canary runs: the page (polling every second) shows v2 taking traffic and the judge's evidence on each metric.
        await page.WaitForFunctionAsync(
            "() => document.querySelector('#canary-version').textContent === 'v2' && parseFloat(document.querySelector('#canary-weight').textContent) > 0" +
            " && document.querySelectorAll('#metrics tr').length > 0 && document.querySelectorAll('#variants tr[data-variant=canary]').length === 1",
            null, new() { Timeout = 60_000, PollingInterval = 200 });
        Assert.Contains("step at", await page.Locator("#judge-reason").TextContentAsync());
        var metricNames = await page.Locator("#metrics tr td:first-child").AllTextContentsAsync();
        Assert.Contains("error_rate", metricNames);
        await Chromium.ScreenshotAsync(page, "live-release-page");

        var result = await release;
        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");

        // After the rollout: the page's decisions are the registry's decision events of this release, in the same order.
        var recorded = (await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 200))
            .Where(e => e.RunId == "test-v2" && e.Action == RegistryRolloutJournal.DecisionAction)
            .OrderBy(e => e.Id).Select(e => e.Reason).ToList();
        Assert.NotEmpty(recorded);
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#decision-rows tr').length === {recorded.Count}" +
                                        " && document.querySelector('#stable-version').textContent === 'v2'", null, new() { Timeout = 15_000 });
        var shown = await page.Locator("#decision-rows tr td:nth-child(5)").AllTextContentsAsync();
        Assert.Equal(recorded, shown.Reverse().ToList());
        Assert.Equal("v2", (await s.Harness.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Production))?.Version);
        Assert.Equal(0.0, double.Parse((await page.Locator("#canary-weight").TextContentAsync())!, CultureInfo.InvariantCulture));
        Assert.Empty(chromium.Errors);
    }
}
