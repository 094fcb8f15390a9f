using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Tests.Metrics;

public sealed class ThresholdSelectorTests
{
    private static readonly float[] Scores = [0.95f, 0.9f, 0.7f, 0.6f, 0.4f, 0.3f, 0.2f, 0.1f];
    private static readonly float[] Labels = [1, 1, 0, 1, 0, 0, 0, 0];

    [Fact]
    public void Select_Fixed_ReturnsValue() => Assert.Equal(0.42, ThresholdSelector.Select("fixed", 0.42, Scores, Labels));

    [Fact]
    public void Select_MaxF1_PicksBestCut()
    {
        // >=0.9: P=1,R=2/3,F1=0.8; >=0.6: P=3/4,R=1,F1=0.857 (best).
        Assert.Equal(0.6f, ThresholdSelector.Select("max-f1", 0, Scores, Labels), 6);
        var cm = ConfusionMatrix.At(Scores, Labels, 0.6f);
        Assert.Equal(new ConfusionMatrix(3, 1, 4, 0), cm);
    }

    [Fact]
    public void Select_TargetFpr_LowestThresholdWithinTarget()
    {
        // 5 negatives; FPR 0.2 allows one false positive (0.7); the next negative (0.4) would give 0.4.
        var t = ThresholdSelector.Select("target-fpr", 0.2, Scores, Labels);
        Assert.Equal(0.6f, t, 6);
        Assert.True(ConfusionMatrix.At(Scores, Labels, t).FalsePositiveRate <= 0.2);
    }

    [Fact]
    public void Select_UnknownPolicy_ThrowsWithFix()
    {
        var e = Assert.Throws<ArgumentException>(() => ThresholdSelector.Select("youden", 0, Scores, Labels));
        Assert.Contains("use fixed, max-f1 or target-fpr", e.Message);
    }
}
