using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Tests.Metrics;

public sealed class ScoreMetricsTests
{
    [Fact]
    public void AveragePrecision_HandExample()
    {
        // Ranked: 0.9 (pos), 0.8 (neg), 0.7 (pos), 0.1 (neg): AP = 0.5*1 + 0.5*(2/3).
        Assert.Equal(0.5 + 0.5 * 2.0 / 3, ScoreMetrics.AveragePrecision([0.9f, 0.8f, 0.7f, 0.1f], [1, 0, 1, 0]), 12);
    }

    [Fact]
    public void AveragePrecision_TiedScoresCountedTogether()
    {
        // All tied: precision at the only cut-off is the base rate.
        Assert.Equal(0.25, ScoreMetrics.AveragePrecision([0.5f, 0.5f, 0.5f, 0.5f], [1, 0, 0, 0]), 12);
    }

    [Fact]
    public void LogLossAndBrier_HandExample()
    {
        float[] p = [0.8f, 0.4f];
        float[] y = [1, 0];
        Assert.Equal(-(Math.Log(0.8f) + Math.Log(1 - 0.4f)) / 2, ScoreMetrics.LogLoss(p, y), 6);
        Assert.Equal((0.2 * 0.2 + 0.4 * 0.4) / 2, ScoreMetrics.Brier(p, y), 6);
    }

    [Fact]
    public void LogLoss_ConfidentMistake_IsFiniteBecauseClipped()
    {
        Assert.True(double.IsFinite(ScoreMetrics.LogLoss([0f, 1f], [1, 0])));
    }

    [Fact]
    public void ExpectedCalibrationError_PerfectlyCalibratedBins_IsZero_OverconfidentIsNot()
    {
        // Bin [0.2,0.3): 4 rows at 0.25 with 1 positive → calibrated.
        Assert.Equal(0, ScoreMetrics.ExpectedCalibrationError([0.25f, 0.25f, 0.25f, 0.25f], [1, 0, 0, 0]), 6);
        // 0.95 predicted, 50 % observed → |0.95 − 0.5| = 0.45.
        Assert.Equal(0.45, ScoreMetrics.ExpectedCalibrationError([0.95f, 0.95f], [1, 0]), 6);
    }
}
