using System.Text;
using Pipeline.Core.Models;
using Pipeline.Serving.Monitoring;

namespace Pipeline.Serving.Tests.Monitoring;

/// <summary>What a fed-back outcome may be, per task: binary 0/1, a multiclass index or class name, a regression value.</summary>
public sealed class OutcomeRuleTests
{
    private static readonly OutcomeRule Digits = new(ModelTask.Multiclass, ["zero", "one", "two"]);
    private static readonly OutcomeRule Progression = new(ModelTask.Regression, []);

    private static IReadOnlyList<(string? Id, double? Label, FeedbackResult? Invalid)> Read(string body, OutcomeRule rule)
    {
        var (items, _, error) = FeedbackRequest.Read(Encoding.UTF8.GetBytes(body), rule);
        Assert.Null(error);
        return items;
    }

    [Fact]
    public void Multiclass_IndexOrClassName_KeptAsTheIndex()
    {
        var items = Read("""[{"id": "a", "label": 2}, {"id": "b", "label": "one"}, {"id": "c", "label": "0"}]""", Digits);
        Assert.Equal([2.0, 1.0, 0.0], items.Select(i => i.Label!.Value));
        Assert.All(items, i => Assert.Null(i.Invalid));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"seven\"")]
    [InlineData("true")]
    public void Multiclass_NotAClass_InvalidNamingTheClasses(string label)
    {
        var item = Assert.Single(Read($$"""{"id": "a", "label": {{label}}}""", Digits));
        Assert.Null(item.Label);
        Assert.Contains("multiclass model; send a class index 0..2 or a class name (zero, one, two)", item.Invalid!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression_AnyFiniteNumber_Kept()
    {
        var items = Read("""[{"id": "a", "label": 151.5}, {"id": "b", "label": -3e2}]""", Progression);
        Assert.Equal([151.5, -300.0], items.Select(i => i.Label!.Value));
    }

    [Theory]
    [InlineData("\"151\"")]
    [InlineData("null")]
    [InlineData("1e400")]
    public void Regression_NotANumber_Invalid(string label)
    {
        var item = Assert.Single(Read($$"""{"id": "a", "label": {{label}}}""", Progression));
        Assert.Contains("regression model; send the true value as a finite number", item.Invalid!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_OnlyZeroOneOrBooleans()
    {
        Assert.Equal([1.0, 0.0, 1.0], Read("""[{"id": "a", "label": 1}, {"id": "b", "label": false}, {"id": "c", "label": true}]""", OutcomeRule.Binary).Select(i => i.Label!.Value));
        Assert.Contains("send 0 or 1", Assert.Single(Read("""{"id": "a", "label": 0.5}""", OutcomeRule.Binary)).Invalid!.Message, StringComparison.Ordinal);
    }
}
