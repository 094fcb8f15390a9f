namespace Pipeline.Registry.Aliases;

/// <summary>The aliases a release moves; other lower-case names are allowed too.</summary>
public static class AliasNames
{
    public const string Production = "production";
    public const string Canary = "canary";
    public const string Previous = "previous";
}
