namespace Pipeline.Data.Tests.Support;

/// <summary>Paths inside the repository checkout the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string ContractFile => System.IO.Path.Combine(Root, "data-contracts", "transactions.v1.yaml");

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(d.FullName, "data-contracts")) && Directory.Exists(System.IO.Path.Combine(d.FullName, "src")))
                return d.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
