using Pipeline.Core.Features;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Training.Tests.Preprocessing;

public sealed class PreprocessingFitterTests
{
    [Fact]
    public void Fit_ImputesMedianAndStandardises()
    {
        var batch = new FeatureBatch(5).WithNumeric("a", [1, 2, float.NaN, 4, 100]);
        var plan = PreprocessingFitter.Fit(batch, ["a"], []);
        var a = Assert.Single(plan.Numeric);
        Assert.Equal(3f, a.Median); // median of 1,2,4,100
        Assert.True(a.MissingIndicator);
        Assert.Equal(1, a.MissingCount);
        var x = DesignMatrix.Build(plan, batch);
        Assert.Equal(2, x.Width);
        var column = Enumerable.Range(0, 5).Select(r => (double)x.Row(r)[0]).ToArray();
        Assert.Equal(0, column.Average(), 5);
        Assert.Equal(1, Math.Sqrt(column.Select(v => v * v).Average()), 5);
        Assert.Equal([0f, 0f, 1f, 0f, 0f], Enumerable.Range(0, 5).Select(r => x.Row(r)[1]));
    }

    [Fact]
    public void Fit_CategoriesBelowMinCount_AndUnseen_EncodeAsAllZeros()
    {
        var train = new FeatureBatch(7).WithCategorical("c", ["a", "a", "b", "b", "z", null, ""]);
        var plan = PreprocessingFitter.Fit(train, [], ["c"], minCategoryCount: 2);
        Assert.Equal(["a", "b"], plan.Categorical[0].Categories);
        Assert.Equal(3, plan.Categorical[0].UnseenCount);
        var serving = new FeatureBatch(3).WithCategorical("c", ["b", "never-seen", null]);
        var x = DesignMatrix.Build(plan, serving);
        Assert.Equal([0f, 1f], x.Row(0).ToArray());
        Assert.Equal([0f, 0f], x.Row(1).ToArray());
        Assert.Equal([0f, 0f], x.Row(2).ToArray());
        Assert.Equal(["c=a", "c=b"], plan.FeatureNames);
    }

    [Fact]
    public void Fit_ColumnWithoutValues_NamesColumnAndFix()
    {
        var batch = new FeatureBatch(2).WithNumeric("empty", [float.NaN, float.NaN]);
        var e = Assert.Throws<InvalidDataException>(() => PreprocessingFitter.Fit(batch, ["empty"], []));
        Assert.Contains("empty", e.Message);
        Assert.Contains("features.numeric", e.Message);
    }
}
