namespace Pipeline.Graph.Tests.Support;

/// <summary>The checkout this test runs from (the folder holding Pipeline.sln).</summary>
public static class Checkout
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Pipeline.sln"))) return d.FullName;
        throw new InvalidOperationException($"no Pipeline.sln above {AppContext.BaseDirectory}");
    }
}
