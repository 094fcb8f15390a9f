using Pipeline.Core.Errors;
using Pipeline.Core.Models;
using Pipeline.Monitoring.Retraining;
using Pipeline.Monitoring.Tests.Support;

namespace Pipeline.Monitoring.Tests;

/// <summary>Which columns a retraining dataset built from production logs holds, and the error for a model that cannot be retrained from them.</summary>
public sealed class RetrainingColumnsTests(TrafficWorld world) : IClassFixture<TrafficWorld>
{
    [Fact]
    public void For_FraudDetector_KeyLabelInputsSegmentsAndTheFreshnessColumnOnly()
    {
        var columns = RetrainingColumns.For(world.Config, world.Contract);

        var names = columns.Select(c => c.Column.Name).ToList();
        Assert.Equal("transaction_id", names[0]);
        Assert.Contains(columns, c => c.Column.Name == "timestamp" && c.Origin == RetrainingColumns.Origin.Time);
        Assert.Contains(columns, c => c.Column.Name == "is_fraud" && c.Origin == RetrainingColumns.Origin.Label);
        Assert.All(world.Config.Features.AllColumns, f => Assert.Contains(f, names));
        // Columns the servers never see (not model inputs) are not in it, so the contract's rules on them cannot fail it.
        Assert.DoesNotContain("merchant_id", names);
        Assert.DoesNotContain("customer_id", names);
        Assert.Equal(1 + 1 + 1 + world.Config.Features.AllColumns.Count(), names.Count);
    }

    [Fact]
    public void For_SegmentOnAColumnTheServersNeverSee_SaysTheModelCannotBeRetrainedFromLogsAndHowToFixIt()
    {
        var config = world.Config with
        {
            Evaluation = world.Config.Evaluation with { Segments = [.. world.Config.Evaluation.Segments, new SegmentSpec { Column = "merchant_id" }] },
        };

        var error = Assert.Throws<UserInputException>(() => RetrainingColumns.For(config, world.Contract));

        Assert.Contains("fraud-detector cannot be retrained from its production logs", error.Message, StringComparison.Ordinal);
        Assert.Contains("column merchant_id (evaluation segment) is not a model input, so the servers never see it", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_InputTheLogKeepsOnlyAsAHash_SaysSo()
    {
        var config = world.Config with { Features = world.Config.Features with { Categorical = [.. world.Config.Features.Categorical, "customer_id"] } };

        var error = Assert.Throws<UserInputException>(() => RetrainingColumns.For(config, world.Contract));

        Assert.Contains("column customer_id (model input) is marked sensitive: hash in transactions.v1, so the prediction log keeps only its hash", error.Message, StringComparison.Ordinal);
    }
}
