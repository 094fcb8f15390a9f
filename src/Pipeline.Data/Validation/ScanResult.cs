using Pipeline.Data.Contracts;
using Pipeline.Data.Reading;

namespace Pipeline.Data.Validation;

/// <summary>What one pass over a file found, before it is judged.</summary>
internal sealed record ScanResult
{
    public required DataFormat Format { get; init; }
    public bool Empty { get; init; }
    public IReadOnlyList<string> Header { get; init; } = [];
    public string? HeaderProblem { get; init; }
    public IReadOnlyList<string> MissingColumns { get; init; } = [];
    public IReadOnlyList<string> ExtraColumns { get; init; } = [];
    public required ScanState State { get; init; }
    public IReadOnlyList<string?> FieldColumns { get; init; } = [];
    public IReadOnlyList<KeyStore?[]> KeyStores { get; init; } = [];
    public IReadOnlyList<OversizedRecord> Oversized { get; init; } = [];
    public long Bytes { get; init; }
    public TimeSpan Elapsed { get; init; }
}
