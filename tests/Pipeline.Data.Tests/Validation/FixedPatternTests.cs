using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Data.Validation;

namespace Pipeline.Data.Tests.Validation;

public sealed class FixedPatternTests
{
    [Theory]
    [InlineData("^t[0-9]{9}$")]
    [InlineData("^c\\d{7}$")]
    [InlineData("^[A-Z]{2}-[a-f0-9]{4}$")]
    public void TryCompile_FixedPattern_AgreesWithRegex(string pattern)
    {
        var p = FixedPattern.TryCompile(pattern);
        Assert.NotNull(p);
        var regex = new Regex(pattern);
        foreach (var v in new[] { "t000000001", "t00000001", "t0000000012", "x000000001", "c1234567", "c123456a", "AB-0f9e", "ab-0f9e", "AB-0F9E", "", "t00000000é" })
            Assert.Equal(regex.IsMatch(v), p.IsMatch(Encoding.UTF8.GetBytes(v)));
    }

    [Theory]
    [InlineData("^t[0-9]+$")]
    [InlineData("t[0-9]{9}")]
    [InlineData("^(a|b)$")]
    [InlineData("^[^a]$")]
    public void TryCompile_VariableOrUnanchoredPattern_FallsBackToRegex(string pattern) => Assert.Null(FixedPattern.TryCompile(pattern));
}
