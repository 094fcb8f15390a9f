using System.Text.Json;

namespace Pipeline.Data.Reading;

/// <summary>Maps the top-level properties of one JSON Lines record onto column positions; absent or null properties are null fields.</summary>
internal sealed class JsonLineSplitter(IReadOnlyList<string> columns)
{
    private readonly byte[][] _names = columns.Select(c => System.Text.Encoding.UTF8.GetBytes(c)).ToArray();

    /// <summary>Property names seen that are not columns (first few), for the header check.</summary>
    public HashSet<string> ExtraProperties { get; } = new(StringComparer.Ordinal);

    public void Split(ReadOnlySpan<byte> line, RecordFields fields)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        fields.Reset(_names.Length);
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                fields.Malformed = "the line is not a JSON object";
                return;
            }
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject) break;
                var index = IndexOf(ref reader);
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        reader.Skip();
                        if (index >= 0) fields.Malformed = $"property {columns[index]} holds an object or array, not a value";
                        break;
                    case JsonTokenType.Null:
                        if (index >= 0) fields.SetNull(index);
                        break;
                    case JsonTokenType.String when index >= 0:
                        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
                        {
                            fields.Set(index, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                        }
                        else
                        {
                            var scratch = fields.BeginScratch(reader.ValueSpan.Length);
                            var written = reader.CopyString(scratch);
                            fields.EndScratch(index, written);
                        }
                        break;
                    default:
                        if (index >= 0) fields.Set(index, (int)reader.TokenStartIndex, reader.ValueSpan.Length);
                        break;
                }
            }
            if (reader.BytesConsumed < line.Length && !line[(int)reader.BytesConsumed..].Trim(" \t"u8).IsEmpty)
                fields.Malformed = "text follows the JSON object";
        }
        catch (JsonException e)
        {
            fields.Malformed = $"invalid JSON ({e.Message.Split('.')[0]})";
        }
    }

    private int IndexOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (reader.ValueTextEquals(_names[i])) return i;
        }
        if (ExtraProperties.Count < 20) ExtraProperties.Add(reader.GetString() ?? "");
        return -1;
    }
}
