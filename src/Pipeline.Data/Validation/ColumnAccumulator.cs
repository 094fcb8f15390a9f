using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;

namespace Pipeline.Data.Validation;

/// <summary>One column's rule checks and profile statistics for the rows one worker saw; merged across workers at the end.</summary>
internal abstract class ColumnAccumulator(ColumnContract column, ViolationLog log)
{
    public ColumnContract Column { get; } = column;

    protected ViolationLog Log { get; } = log;

    public long Count { get; protected internal set; }

    public long Nulls { get; private set; }

    public long Invalid { get; protected set; }

    /// <summary>Records a null; returns false when the column may not be null (a row-level violation).</summary>
    public bool AddNull(long row)
    {
        Nulls++;
        if (Column.Nullable) return true;
        Log.Add(Column.Name, Rules.NotNull, row, "null");
        return false;
    }

    /// <summary>Checks and profiles one present value; returns false when it broke a row-level rule.</summary>
    public abstract bool Add(ReadOnlySpan<byte> value, long row);

    protected bool TypeError(ReadOnlySpan<byte> value, long row)
    {
        Invalid++;
        Log.Add(Column.Name, Rules.Type, row, value);
        return false;
    }

    public void Merge(ColumnAccumulator other)
    {
        Count += other.Count;
        Nulls += other.Nulls;
        Invalid += other.Invalid;
        MergeState(other);
    }

    protected abstract void MergeState(ColumnAccumulator other);

    public ColumnProfile ToProfile() => Profile(new ColumnProfile
    {
        Name = Column.Name,
        Type = Column.Type,
        Kind = Column.Kind,
        Count = Count,
        Nulls = Nulls,
        Invalid = Invalid,
    });

    protected abstract ColumnProfile Profile(ColumnProfile basic);

    public static ColumnAccumulator Create(ColumnContract column, ViolationLog log) => column.Kind switch
    {
        ProfileKind.Numeric => new NumericAccumulator(column, log),
        ProfileKind.Categorical => new CategoryAccumulator(column, log),
        ProfileKind.Timestamp => new TimestampAccumulator(column, log),
        _ => new TextAccumulator(column, log),
    };
}
