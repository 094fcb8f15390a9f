using Pipeline.Gateway.Admin;

namespace Pipeline.Gateway.Tests.Admin;

public sealed class AdminTokenTests
{
    [Theory]
    [InlineData("Bearer abc", true)]
    [InlineData("bearer abc", true)]
    [InlineData("Bearer abd", false)]
    [InlineData("Bearer ab", false)]
    [InlineData("Basic abc", false)]
    [InlineData(null, false)]
    public void Matches_BearerHeader_OnlyExactToken(string? header, bool expected) =>
        Assert.Equal(expected, new AdminToken("abc").Matches(header));

    [Fact]
    public void Matches_NotConfigured_NeverMatches() => Assert.False(new AdminToken(null).Matches("Bearer "));
}
