using Pipeline.Core.Features;

namespace Pipeline.Batch.Sources;

/// <summary>
/// Consecutive input rows: the model's features and, when the input has the key column, each row's key.
/// </summary>
public sealed record SourceChunk(FeatureBatch Features, KeyColumn? Keys);
