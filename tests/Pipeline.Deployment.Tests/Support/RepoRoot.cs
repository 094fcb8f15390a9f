namespace Pipeline.Deployment.Tests.Support;

/// <summary>The checkout this test runs from (the folder holding Pipeline.sln).</summary>
public static class RepoRoot
{
    public static string Path => Pipeline.Testing.CheckoutRoot.Path;
}
