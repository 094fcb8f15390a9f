namespace Pipeline.Data.Profiling;

/// <summary>Dense counts for a contiguous range of bucket indices, grown on demand and capped by folding the lowest buckets.</summary>
internal sealed class BucketStore
{
    private long[] _counts = [];
    private int _offset;
    private int _minUsed = int.MaxValue;
    private int _maxUsed = int.MinValue;
    private int _floor = int.MinValue;

    public int Offset => _minUsed == int.MaxValue ? 0 : _minUsed;

    public void Add(int index, long count)
    {
        if (index < _offset || index >= _offset + _counts.Length) Grow(index);
        if (index < _floor) index = _floor; // folded range: counted in the lowest kept bucket
        _counts[index - _offset] += count;
        if (index < _minUsed) _minUsed = index;
        if (index > _maxUsed) _maxUsed = index;
    }

    private void Grow(int index)
    {
        if (_minUsed == int.MaxValue)
        {
            _counts = new long[128];
            _offset = index - 64;
            return;
        }
        // Size the array from the range actually used, so spare capacity on one side never forces folding on the other.
        var lo = Math.Min(index, _minUsed);
        var hi = Math.Max(index, _maxUsed);
        if (hi - lo + 1 > QuantileSketch.MaxBuckets) lo = hi - QuantileSketch.MaxBuckets + 1;
        var span = hi - lo + 1;
        var size = Math.Min(QuantileSketch.MaxBuckets, Math.Max(128, span * 2));
        var newOffset = lo - (size - span) / 2;
        var fresh = new long[size];
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0) continue;
            fresh[Math.Max(_offset + i, lo) - newOffset] += _counts[i];
        }
        _counts = fresh;
        _offset = newOffset;
        if (_minUsed < lo) _minUsed = lo;
        if (lo > index) _floor = Math.Max(_floor, lo);
    }

    public void Merge(BucketStore other)
    {
        for (var i = 0; i < other._counts.Length; i++)
        {
            if (other._counts[i] != 0) Add(other._offset + i, other._counts[i]);
        }
    }

    public IEnumerable<(int Index, long Count)> Ascending()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0) yield return (_offset + i, _counts[i]);
        }
    }

    public IEnumerable<(int Index, long Count)> Descending()
    {
        for (var i = _counts.Length - 1; i >= 0; i--)
        {
            if (_counts[i] != 0) yield return (_offset + i, _counts[i]);
        }
    }

    public long[] Counts()
    {
        if (_minUsed == int.MaxValue) return [];
        return _counts.AsSpan(_minUsed - _offset, _maxUsed - _minUsed + 1).ToArray();
    }

    public void Load(int offset, long[] counts)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0) Add(offset + i, counts[i]);
        }
    }
}
