namespace Pipeline.Ci.Tests.Support;

/// <summary>Values shared by the tests: a token that must never show up in output, the repository and commits the fake knows.</summary>
public static class Fixtures
{
    public const string Token = "ghs_TestToken0123456789abcdefSECRET";
    public const string Repository = "octo-org/pipeline";
    public const string HeadSha = "0123456789abcdef0123456789abcdef01234567";
    public const string MergeSha = "fedcba9876543210fedcba9876543210fedcba98";
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(29);
}
