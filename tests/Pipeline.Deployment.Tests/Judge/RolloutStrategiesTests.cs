using Pipeline.Core.Errors;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Tests.Support;

namespace Pipeline.Deployment.Tests.Judge;

public sealed class RolloutStrategiesTests
{
    [Theory]
    [InlineData("canary", RolloutStrategy.Canary)]
    [InlineData("blue-green", RolloutStrategy.BlueGreen)]
    [InlineData("shadow-then-canary", RolloutStrategy.ShadowThenCanary)]
    public void Parse_KnownName_ReturnsStrategyThatJudgeSettingsCarry(string name, RolloutStrategy expected)
    {
        Assert.Equal(expected, RolloutStrategies.Parse(name));
        Assert.Equal(expected, JudgeSettings.From(new RolloutPolicy { Strategy = name }).Strategy);
        Assert.Equal(name, RolloutStrategies.Name(expected));
    }

    [Fact]
    public void Parse_UnknownName_FailsNamingFieldRuleAndFix()
    {
        var e = Assert.Throws<ArgumentException>(() => JudgeSettings.From(new RolloutPolicy { Strategy = "rolling" }));
        Assert.Contains("rollout.strategy: 'rolling'", e.Message);
        Assert.Contains("canary, blue-green or shadow-then-canary", e.Message);
        Assert.Contains("model.yaml", e.Message);
    }

    [Fact]
    public void From_OutOfRangeStrategyFields_ListsEveryFieldWithFix()
    {
        var policy = new RolloutPolicy { ShadowPercent = 0, BakeSeconds = -1, MaxLogLossIncrease = -0.1, MaxAucDecrease = double.NaN };
        var e = Assert.Throws<ArgumentException>(() => JudgeSettings.From(policy));
        foreach (var field in new[] { "rollout.shadowPercent: 0", "rollout.bakeSeconds: -1", "rollout.maxLogLossIncrease: -0.1", "rollout.maxAucDecrease: NaN" })
            Assert.Contains(field, e.Message);
    }

    [Fact]
    public void ModelConfigLoad_UnknownStrategy_FailsAtLoadWithFileFieldAndFix()
    {
        var e = Assert.Throws<ConfigException>(() => LoadRollout("{ strategy: rolling, steps: [10, 100] }"));

        Assert.True(e.Message.Contains("rollout.strategy", StringComparison.Ordinal), e.Message);
        Assert.Contains("'rolling' is not a strategy", e.Message);
        Assert.Contains("use canary, blue-green or shadow-then-canary", e.Message);
    }

    [Fact]
    public void ModelConfigLoad_UnknownOnInconclusiveAndZeroBudget_FailsAtLoadWithFieldsAndFixes()
    {
        var e = Assert.Throws<ConfigException>(() => LoadRollout("{ steps: [1, 100], onInconclusive: wait, maxRolloutMinutes: 0 }"));

        Assert.Contains("'wait' is not an inconclusive policy", e.Message);
        Assert.Contains("use hold, rollback or promote", e.Message);
        Assert.Contains("rollout.maxRolloutMinutes", e.Message);
    }

    [Fact]
    public void ModelConfigLoad_RolloutWithoutLowTrafficFields_LoadsWithDefaults()
    {
        var rollout = LoadRollout("{ steps: [10, 100], maxStepSeconds: 30 }");

        Assert.Equal(30, rollout.MaxRolloutMinutes);
        Assert.Equal("hold", rollout.OnInconclusive);
        Assert.Equal(0, rollout.MaxStepWeight);
    }

    /// <summary>Loads the test model's config with <paramref name="rollout"/> as its rollout section, from a temporary checkout.</summary>
    private static RolloutPolicy LoadRollout(string rollout)
    {
        var root = Directory.CreateTempSubdirectory("rollout-").FullName;
        try
        {
            File.AppendAllText(FraudModels.WriteConfig(root), $"\nrollout: {rollout}\n");
            return ModelConfigLoader.Load(new RepositoryLayout(root), "fraud-detector").Rollout;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
