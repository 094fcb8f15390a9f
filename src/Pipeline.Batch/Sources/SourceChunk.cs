using Pipeline.Core.Features;

namespace Pipeline.Batch.Sources;

/// <summary>
/// Consecutive input rows: the model's features and, when the input has the key column, each row's key (characters as the
/// reader decoded them, passed on to the sink without becoming a string; null for a missing key).
/// </summary>
public sealed record SourceChunk(FeatureBatch Features, ReadOnlyMemory<char>?[]? Keys);
