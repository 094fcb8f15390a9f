using System.Data;
using System.Data.Common;

namespace Pipeline.Registry.Storage;

/// <summary>Backend-neutral ADO.NET helpers: commands, typed parameters, typed reads.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    public static void AddText(DbCommand command, string name, string? value) => Add(command, name, DbType.String, value);

    public static void AddInt64(DbCommand command, string name, long? value) => Add(command, name, DbType.Int64, value);

    public static void AddDouble(DbCommand command, string name, double value) => Add(command, name, DbType.Double, value);

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long Int64(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Int64(reader, ordinal);

    public static double Double(DbDataReader reader, int ordinal) => Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static void Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
