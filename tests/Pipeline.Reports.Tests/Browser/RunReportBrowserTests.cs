using System.Globalization;
using Deque.AxeCore.Playwright;
using Pipeline.Build;
using Pipeline.Data.Profiling;
using Pipeline.Evaluation.Gate;
using Pipeline.Graph.Tests.Support;
using Pipeline.Reports.Run;
using Pipeline.Reports.Tests.Support;

namespace Pipeline.Reports.Tests.Browser;

/// <summary>The report of a real run (the graph in-process up to EvaluateGate on the fraud model), opened in Chromium.</summary>
public sealed class RunReportBrowserTests
{
    [Fact]
    public async Task Report_RealRun_RendersEverySectionWithTheRunsNumbersAndNoErrors()
    {
        using var repository = new GraphRepository("fraud-detector");
        var run = repository.Run("EvaluateGate", "--model", "fraud-detector");
        Assert.True(run.ExitCode == 0, run.ToString());
        var path = Path.Combine(repository.Root, ".artifacts", "reports", run.Manifest.RunId + ".html");
        Assert.True(File.Exists(path), $"no report at {path}\n{run}");
        Assert.Contains($"report: .artifacts/reports/{run.Manifest.RunId}.html", run.Out);

        var store = new ArtifactStore(Path.Combine(repository.Root, ".artifacts"));
        var evaluation = store.ReadJson<EvaluationReport>(run.Output(Outputs.EvaluationReport));
        var profile = ProfileJson.Deserialize(store.ReadText(run.Output(Outputs.DataProfile)));

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(path).AbsoluteUri);

        Assert.Equal($"Run {run.Manifest.RunId} — fraud-detector: Succeeded", await page.TitleAsync());
        foreach (var (id, title) in RunReportWriter.Sections)
            Assert.Equal(title, (await page.Locator($"section#{id} > h2").TextContentAsync())?.Trim());
        Assert.Equal(evaluation.Overall!.Auc!.Value.ToString("0.####", CultureInfo.InvariantCulture), await page.Locator("[data-key=metric-auc]").TextContentAsync());
        Assert.Equal(evaluation.Overall.Confusion.TruePositives.ToString("N0", CultureInfo.InvariantCulture), await page.Locator("[data-key=tp]").TextContentAsync());
        Assert.Equal(profile.Rows.ToString("N0", CultureInfo.InvariantCulture), await page.Locator("[data-key=rows]").TextContentAsync());
        Assert.Equal(run.Manifest.RunId, await page.Locator("[data-key=run-id]").TextContentAsync());
        foreach (var (target, output) in run.Manifest.Targets.SelectMany(t => t.Outputs.Select(o => (t.Name, o))))
            Assert.Equal(output.Value.Digest, await page.Locator($"[data-output=\"{target}/{output.Key}\"]").TextContentAsync());

        // Every chart drew (a broken data URI has no natural width) and says what it shows.
        foreach (var id in new[] { "chart-roc", "chart-pr", "chart-calibration", "chart-segments", "chart-column-amount" })
            Assert.True(await page.Locator($"#{id} img").EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), $"{id} did not render");
        Assert.Equal(0, await page.Locator("img:not([alt]), img[alt='']").CountAsync());
        Assert.Equal(await page.Locator("figure.chart").CountAsync(), await page.Locator("figure.chart figcaption").CountAsync());

        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}")));
        await Chromium.ScreenshotAsync(page, "run-report");
        Assert.Empty(chromium.Errors);
    }
}
