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

    [Fact]
    public void Read_TokenFile_UsedWhenNoVariable()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-file-token\n");
            var env = new Dictionary<string, string> { [AdminToken.FileVariable] = file };

            Assert.Equal("from-file-token", AdminToken.Read(n => env.GetValueOrDefault(n)));
            env[AdminToken.EnvironmentVariable] = "from-variable";
            Assert.Equal("from-variable", AdminToken.Read(n => env.GetValueOrDefault(n)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Read_NeitherSet_Null() => Assert.Null(AdminToken.Read(_ => null));
}
