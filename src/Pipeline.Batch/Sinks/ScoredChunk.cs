namespace Pipeline.Batch.Sinks;

/// <summary>Scores of consecutive input rows starting at <see cref="FirstRow"/> (0-based ordinal in the input), with each row's key when the input has one.</summary>
public sealed record ScoredChunk(long FirstRow, float[] Scores, Sources.KeyColumn? Keys)
{
    public int Rows => Scores.Length;
}
