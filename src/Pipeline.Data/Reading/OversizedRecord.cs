namespace Pipeline.Data.Reading;

/// <summary>A record that was longer than the reader's cap and was skipped without being buffered.</summary>
internal readonly record struct OversizedRecord(long Row, long Bytes, bool Unterminated);
