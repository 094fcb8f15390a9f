using Pipeline.Data.Profiling;

namespace Pipeline.Data.Validation;

/// <summary>How a dataset is validated: the run's clock (freshness), the baseline profile for drift, and resource limits.</summary>
public sealed record ValidationOptions
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Profile to test drift against; null judges rules only.</summary>
    public DatasetProfile? Baseline { get; init; }

    /// <summary>Where the baseline came from, shown in the verdict notes (e.g. "production model v3 training data").</summary>
    public string? BaselineDescription { get; init; }

    /// <summary>Drift against the baseline is reported but never fails or warns (a retraining dataset: the drift is why it exists).</summary>
    public bool DriftAsInformation { get; init; }

    /// <summary>Offending rows kept per rule for the report.</summary>
    public int FirstRows { get; init; } = 5;

    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Largest field accepted; a longer field rejects its row (and longer records are skipped while streaming).</summary>
    public int MaxFieldBytes { get; init; } = 1 << 20;

    public int ChunkBytes { get; init; } = 4 << 20;

    /// <summary>Name of the data in the verdict subject; default the file name.</summary>
    public string? Subject { get; init; }
}
