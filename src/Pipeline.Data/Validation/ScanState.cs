using Pipeline.Data.Contracts;

namespace Pipeline.Data.Validation;

/// <summary>Everything one worker learned from the chunks it parsed; states of all workers merge into one.</summary>
internal sealed class ScanState
{
    public ScanState(IReadOnlyList<ColumnContract?> byField, IReadOnlyList<bool> uniqueByField, int keep)
    {
        Log = new ViolationLog(keep);
        Columns = byField.Select(c => c is null ? null : ColumnAccumulator.Create(c, Log)).ToArray();
        Keys = uniqueByField.Select(u => u ? new KeyStore() : null).ToArray();
    }

    public ViolationLog Log { get; }

    /// <summary>Accumulator per field position (null for columns the contract does not name).</summary>
    public ColumnAccumulator?[] Columns { get; }

    public KeyStore?[] Keys { get; }

    public long Rows;
    public long Rejected;
    public long BlankLines;

    public void Merge(ScanState other)
    {
        Rows += other.Rows;
        Rejected += other.Rejected;
        BlankLines += other.BlankLines;
        Log.Merge(other.Log);
        for (var i = 0; i < Columns.Length; i++) Columns[i]?.Merge(other.Columns[i]!);
    }
}
