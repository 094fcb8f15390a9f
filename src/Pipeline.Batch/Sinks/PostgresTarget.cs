using System.Data.Common;
using System.Text.RegularExpressions;

namespace Pipeline.Batch.Sinks;

/// <summary>A PostgreSQL output named as an Npgsql connection string plus <c>Table=</c> (e.g. <c>Host=db;Database=scores;Username=app;Table=fraud_scores</c>).</summary>
public sealed partial record PostgresTarget(string ConnectionString, string Table)
{
    /// <summary>True when <paramref name="output"/> is a connection string rather than a file path.</summary>
    public static bool Is(string output) => output.Contains("Host=", StringComparison.OrdinalIgnoreCase) && output.Contains('=');

    public static PostgresTarget Parse(string output)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = output };
        if (!builder.TryGetValue("Table", out var table) || table is not string name || name.Length == 0)
            throw new ArgumentException("--output names a PostgreSQL database but no table: add Table=<name>, e.g. \"Host=localhost;Database=scores;Table=fraud_scores\"");
        if (!TableName().IsMatch(name))
            throw new ArgumentException($"--output Table={name} is not a plain table name: use 1-40 lower-case letters, digits and '_', starting with a letter (the batch partitions are named after it)");
        builder.Remove("Table");
        return new PostgresTarget(builder.ConnectionString, name);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex TableName();
}
