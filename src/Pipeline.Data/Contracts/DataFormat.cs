namespace Pipeline.Data.Contracts;

/// <summary>File format of a dataset. <see cref="Auto"/> decides from the extension (.jsonl/.ndjson → JSON Lines, else CSV; .gz stripped first).</summary>
public enum DataFormat
{
    Auto,
    Csv,
    JsonLines,
}
