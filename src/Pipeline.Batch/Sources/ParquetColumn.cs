using ParquetSharp;
using ParquetSharp.Schema;

namespace Pipeline.Batch.Sources;

internal enum ColumnKind { Number, Text, Other }

/// <summary>A top-level column of a Parquet input: its leaf index, what the batch reader can make of it, and whether it may be null.</summary>
internal sealed record ParquetColumn(int Index, PhysicalType Physical, ColumnKind Kind, string TypeName, bool Nullable)
{
    public static Dictionary<string, ParquetColumn> Read(SchemaDescriptor schema)
    {
        var columns = new Dictionary<string, ParquetColumn>(StringComparer.Ordinal);
        for (var i = 0; i < schema.NumColumns; i++)
        {
            var d = schema.Column(i);
            if (d.MaxRepetitionLevel > 0 || d.Path.ToDotVector().Length != 1) continue;   // nested or repeated: not a table column
            using var logical = d.LogicalType;
            var kind = (d.PhysicalType, logical) switch
            {
                (PhysicalType.Float or PhysicalType.Double or PhysicalType.Boolean, NoneLogicalType) => ColumnKind.Number,
                (PhysicalType.Int32 or PhysicalType.Int64, NoneLogicalType or IntLogicalType) => ColumnKind.Number,
                (PhysicalType.ByteArray, StringLogicalType or EnumLogicalType or NoneLogicalType) => ColumnKind.Text,
                _ => ColumnKind.Other,
            };
            var physical = d.PhysicalType.ToString().ToLowerInvariant();
            var name = kind switch
            {
                ColumnKind.Text => "text",
                _ when logical is NoneLogicalType => physical,
                _ => $"{physical} ({logical})",
            };
            columns[d.Name] = new ParquetColumn(i, d.PhysicalType, kind, name, d.MaxDefinitionLevel > 0);
        }
        return columns;
    }
}
