namespace Pipeline.Batch.Scoring;

/// <summary>How far a batch is: rows committed (including resumed ones), share of the input read, and throughput of this run.</summary>
public readonly record struct BatchProgress(long Rows, double Fraction, double RowsPerSecond);
