using Pipeline.Build;
using Pipeline.Reports.Canary;
using Pipeline.Reports.Run;

namespace Pipeline.Reports.Tests.Run;

public sealed class RunReportWriterTests
{
    private static RunManifest Manifest(string outcome = "Succeeded") => new()
    {
        RunId = "20260101T000000.000Z-abcdef", StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(3),
        InvokedTargets = ["Status"], Parameters = new Dictionary<string, string?>(), Targets = [], Outcome = outcome,
    };

    [Fact]
    public void Render_RunWithoutStageOutputs_SaysForEachSectionWhatDidNotRun()
    {
        var html = RunReportWriter.Render(new RunReportInput { Manifest = Manifest(), Model = "m" });

        foreach (var (id, _) in RunReportWriter.Sections) Assert.Contains($"<section id=\"{id}\"", html);
        Assert.Contains("ValidateData did not run", html);
        Assert.Contains("EvaluateGate did not run", html);
        Assert.Contains("DeployCanary did not run", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal));
    }

    [Fact]
    public void FromEvent_SequentialTestEvidence_ReadsStatisticAndBothBounds()
    {
        const string evidence = """
            {"action":"advance","stage":"canary","step":0,"weight":10,"nextWeight":50,"elapsedSeconds":4.2,
             "metrics":[{"metric":"error_rate","canary":"0/120 (0 %)","stable":"1/900","threshold":"H0 p ≤ 0.5 %","canarySamples":120,"stableSamples":900,
                         "statistic":"LLR -3.10 in (-2.94, 4.59) α=0.01000 β=0.05","status":1},
                        {"metric":"score_psi","canary":"0.0123","stable":"-","threshold":"PSI ≤ 0.20 unless chi-square p < α=0.001","statistic":"chi2=1","status":"Healthy"}]}
            """;

        var d = RolloutDecision.FromEvent(DateTimeOffset.UnixEpoch, "canary-decision", "step passed", evidence);

        Assert.Equal(("advance", 10.0, 50.0), (d.Action, d.Weight, d.NextWeight!.Value));
        var llr = d.Metrics[0];
        Assert.Equal((-3.10, -2.94, 4.59, "healthy"), (llr.Evidence!.Value, llr.AcceptBound!.Value, llr.BreachBound!.Value, llr.Status));
        var psi = d.Metrics[1];
        Assert.Equal((0.0123, 0.20), (psi.Evidence!.Value, psi.BreachBound!.Value));
        Assert.Null(psi.AcceptBound);
    }
}
