using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Profiling;
using Pipeline.Data.Tests.Support;
using Pipeline.Data.Validation;

namespace Pipeline.Data.Tests.Drift;

/// <summary>Drift tests on the generated dataset: a resample with another seed must pass, each injected drift must fail.</summary>
public sealed class GeneratedDriftTests : IClassFixture<GeneratedDriftTests.Baseline>
{
    private const int Rows = 20_000;
    private readonly Baseline _baseline;

    public GeneratedDriftTests(Baseline baseline) => _baseline = baseline;

    public sealed class Baseline : IDisposable
    {
        public Baseline()
        {
            Contract = DataContractLoader.Load(Repo.ContractFile);
            var path = Dir.File("baseline.csv");
            TransactionsGenerator.Write(path, Rows, 11);
            Result = DataValidator.Validate(path, Contract, Options(null));
            Profile = ProfileJson.Deserialize(ProfileJson.Serialize(Result.Profile));
        }

        public TempDir Dir { get; } = new();
        public DataContract Contract { get; }
        public ValidationResult Result { get; }
        public DatasetProfile Profile { get; }

        public void Dispose() => Dir.Dispose();
    }

    private static ValidationOptions Options(DatasetProfile? baseline) =>
        new() { Clock = new FixedClock(TransactionsGenerator.DefaultEnd.AddDays(1)), Baseline = baseline };

    private ValidationResult Run(string name, DriftOptions? drift, int seed = 12)
    {
        var path = _baseline.Dir.File(name);
        TransactionsGenerator.Write(path, Rows, seed, drift);
        return DataValidator.Validate(path, _baseline.Contract, Options(_baseline.Profile));
    }

    private static Check Check(ValidationResult r, string metric) => Assert.Single(r.Verdict.Checks, c => c.Metric == metric);

    [Fact]
    public void Baseline_GeneratedData_PassesEveryRule_WithNoBaselineNote()
    {
        var r = _baseline.Result;
        Assert.Equal(CheckOutcome.Pass, r.Verdict.Outcome);
        Assert.Contains(r.Verdict.Notes, n => n.Contains("no baseline"));
        Assert.DoesNotContain(r.Verdict.Checks, c => c.Metric.EndsWith(": psi"));
    }

    [Fact]
    public void Validate_UndriftedResample_PassesAllDriftTests()
    {
        var r = Run("resample.csv", null);
        var drift = r.Verdict.Checks.Where(c => c.Metric.EndsWith(": psi") || c.Metric.EndsWith(": ks") || c.Metric.EndsWith(": chi-square")
                                              || c.Metric.EndsWith(": wasserstein") || c.Metric.EndsWith(": jensen-shannon")).ToList();
        Assert.True(drift.Count >= 20, $"only {drift.Count} drift checks");
        Assert.All(drift, c => Assert.True(c.Outcome != CheckOutcome.Fail, $"{c.Metric} {c.Observed} {c.Threshold}"));
        Assert.True(r.Verdict.Passed);
    }

    [Fact]
    public void Validate_ShiftedAmounts_FailsAmountDrift()
    {
        var r = Run("amount.csv", new DriftOptions { AmountScale = 2.0 });
        Assert.Equal(CheckOutcome.Fail, Check(r, "amount: psi").Outcome);
        Assert.Equal(CheckOutcome.Fail, Check(r, "amount: ks").Outcome);
        Assert.Equal(CheckOutcome.Fail, Check(r, "amount: wasserstein").Outcome);
        Assert.Contains("amount moved", Check(r, "amount: psi").Detail);
        Assert.NotEqual(CheckOutcome.Fail, Check(r, "hour: psi").Outcome);
    }

    [Fact]
    public void Validate_NewCategory_FailsAllowedValuesAndCategoryDrift()
    {
        var r = Run("category.csv", new DriftOptions { NewCategory = "crypto_exchange", NewCategoryShare = 0.1 });
        Assert.Equal(CheckOutcome.Fail, Check(r, "merchant_category: allowed values").Outcome);
        Assert.Contains("crypto_exchange", Check(r, "merchant_category: allowed values").Detail);
        Assert.Equal(CheckOutcome.Fail, Check(r, "merchant_category: chi-square").Outcome);
        Assert.Equal(CheckOutcome.Fail, Check(r, "merchant_category: jensen-shannon").Outcome);
        Assert.Contains("values not in the baseline: crypto_exchange", Check(r, "merchant_category: psi").Detail);
    }

    [Fact]
    public void Validate_NullBurst_FailsNullRate()
    {
        var r = Run("nulls.csv", new DriftOptions { NullBurstColumn = "customer_age", NullBurstRate = 0.3 });
        var c = Check(r, "customer_age: null rate");
        Assert.Equal(CheckOutcome.Fail, c.Outcome);
        Assert.InRange(c.Value!.Value, 0.28, 0.33);
    }

    [Fact]
    public void Validate_LabelShift_FailsLabelDrift()
    {
        var r = Run("label.csv", new DriftOptions { LabelShift = 1.2 });
        Assert.Equal(CheckOutcome.Fail, Check(r, "is_fraud: chi-square").Outcome);
        Assert.InRange(Check(r, "is_fraud: positive rate").Value!.Value, 0.035, 0.08);
    }

    [Fact]
    public void Validate_SameFileAgainstItsOwnProfile_HasZeroDrift()
    {
        var r = DataValidator.Validate(_baseline.Dir.File("baseline.csv"), _baseline.Contract, Options(_baseline.Profile));
        Assert.All(r.Verdict.Checks.Where(c => c.Metric.EndsWith(": psi")), c => Assert.Equal(0, c.Value!.Value, 9));
        Assert.Equal(CheckOutcome.Pass, r.Verdict.Outcome);
    }
}
