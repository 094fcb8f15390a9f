namespace Pipeline.Deployment.Judge;

public sealed partial class CanaryJudge
{
    public const string QualityMetric = "online_log_loss";

    /// <summary>Online quality can veto but rarely proves health within a step (a log-loss band narrows slowly), so once it has had
    /// its look at enough labelled answers of both variants it does not hold the step open; every other metric must be healthy.</summary>
    /// <remarks>Unlike latency or errors, a model's quality does not depend on its traffic share, so one test runs across all steps
    /// (evidence accumulates instead of restarting) with the metric's whole share of the budget (see <see cref="JudgeSettings.QualityAlpha"/>).</remarks>
    private bool CanPass(MetricAssessment m) =>
        m.Status is MetricStatus.Healthy or MetricStatus.NotJudged
        || (m.Metric == QualityMetric && m.Status == MetricStatus.Collecting 
            && _canaryQuality.Count >= _settings.MinLabelledSamples && _stableQuality.Count >= _settings.MinLabelledSamples);

    private MetricAssessment AssessQuality()
    {
        if (!_settings.QualityJudged)
            return NotJudged(QualityMetric, "not judged: no labels (the traffic carries none, e.g. --traffic none)");
        if (_settings.Stage == JudgeStage.Shadow)
            return NotJudged(QualityMetric, "not judged in shadow: clients only receive stable's answers");
        var canary = _canaryQuality;
        var r = LogLossDifferenceTest.Assess(_stableQuality, canary, _settings.MaxLogLossIncrease, _settings.QualityAlpha, _settings.MinLabelledSamples);
        if (double.IsNaN(r.Difference))
            return Collecting(QualityMetric, $"canary {canary.Count} / stable {_stableQuality.Count} of {_settings.MinLabelledSamples} labelled answers needed");
        var aucDecrease = r.StableAuc - r.CanaryAuc;
        if (_settings.QualitySquaredError || double.IsNaN(aucDecrease))
            return new MetricAssessment
            {
                Metric = QualityMetric,
                Canary = F(canary.MeanLoss, 4),
                Stable = F(_stableQuality.MeanLoss, 4),
                Threshold = _settings.QualitySquaredError
                    ? $"squared error increase ≤ {F(_settings.MaxLogLossIncrease, 4)} (label units²)"
                    : $"log loss of the true class increase ≤ {F(_settings.MaxLogLossIncrease, 3)}",
                CanarySamples = canary.Count,
                StableSamples = _stableQuality.Count,
                Statistic = $"Δ {F(r.Difference, 4)}, confidence sequence [{F(r.Lower, 4)}, {F(r.Upper, 4)}] α={F(_settings.QualityAlpha, 5)}",
                Status = r.Status,
            };
        return new MetricAssessment
        {
            Metric = QualityMetric,
            Canary = F(canary.MeanLoss, 4),
            Stable = F(_stableQuality.MeanLoss, 4),
            Threshold = $"log loss increase ≤ {F(_settings.MaxLogLossIncrease, 3)} (AUC decrease ≤ {F(_settings.MaxAucDecrease, 3)}: evidence only)",
            CanarySamples = canary.Count,
            StableSamples = _stableQuality.Count,
            Statistic = $"Δ {F(r.Difference, 4)}, confidence sequence [{F(r.Lower, 4)}, {F(r.Upper, 4)}] α={F(_settings.QualityAlpha, 5)}; " +
                        $"AUC canary {F(r.CanaryAuc, 3)} vs stable {F(r.StableAuc, 3)} (decrease {F(aucDecrease, 3)}" +
                        (aucDecrease > _settings.MaxAucDecrease ? ", above its bar)" : ")"),
            Status = r.Status,
        };
    }

    private static MetricAssessment NotJudged(string metric, string why) => new()
    {
        Metric = metric, Canary = "-", Stable = "-", Threshold = why, Statistic = "not judged", Status = MetricStatus.NotJudged,
    };
}
