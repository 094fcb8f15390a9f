namespace Pipeline.Batch.Sinks;

/// <summary>Opens an output: a PostgreSQL connection string with Table=, else a .parquet or .csv file.</summary>
public static class BatchSinks
{
    public static IBatchSink Open(string output, TimeProvider clock)
    {
        if (PostgresTarget.Is(output)) return new PostgresSink(PostgresTarget.Parse(output), clock);
        if (output.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return new ParquetOutput.ParquetSink(output);
        if (output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return new CsvSink(output);
        throw new ArgumentException(
            $"--output {output} is neither a .parquet nor a .csv file nor a PostgreSQL connection string; " +
            "use e.g. scores.parquet, scores.csv or \"Host=localhost;Database=scores;Username=app;Table=fraud_scores\"");
    }
}
