using Pipeline.Dependency.Generation;

namespace Pipeline.Dependency.Tests.Generation;

public sealed class PredictorNamesTests
{
    [Theory]
    [InlineData("fraud-detector", "FraudDetector")]
    [InlineData("amount_sum_24h", "AmountSum24h")]
    [InlineData("px_0_7", "Px07")]
    [InlineData("3d-score", "_3dScore")]
    public void Pascal_Name_CSharpIdentifier(string name, string expected) => Assert.Equal(expected, PredictorNames.Pascal(name));

    [Fact]
    public void Properties_CollidingColumns_MadeUnique() =>
        Assert.Equal(["AmountSum", "AmountSum2", "EqualityContract2"],
            PredictorNames.Properties(["amount_sum", "amount-sum", "equality_contract"], new HashSet<string> { "EqualityContract" }));
}
