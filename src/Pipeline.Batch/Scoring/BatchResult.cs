namespace Pipeline.Batch.Scoring;

/// <summary>A finished batch: rows written, rows found already staged by a killed run (0 for a fresh start), time, where it is.</summary>
public sealed record BatchResult(long Rows, long ResumedRows, double Seconds, string Location)
{
    /// <summary>Rows scored by this run per second.</summary>
    public double RowsPerSecond => Seconds > 0 ? (Rows - ResumedRows) / Seconds : 0;
}
