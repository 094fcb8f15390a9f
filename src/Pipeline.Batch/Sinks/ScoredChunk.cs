namespace Pipeline.Batch.Sinks;

/// <summary>Scores of consecutive input rows starting at <see cref="FirstRow"/> (0-based ordinal in the input).</summary>
public sealed record ScoredChunk(long FirstRow, float[] Scores, string?[]? Keys)
{
    public int Rows => Scores.Length;
}
