namespace Pipeline.Data.Profiling;

/// <summary>Dense counts for a contiguous range of bucket indices, grown on demand and capped by folding the lowest buckets.</summary>
internal sealed class BucketStore
{
    private long[] _counts = [];
    private int _offset;
    private int _minUsed = int.MaxValue;
    private int _maxUsed = int.MinValue;

    public int Offset => _minUsed == int.MaxValue ? 0 : _minUsed;

    public void Add(int index, long count)
    {
        if (index < _offset || index >= _offset + _counts.Length) Grow(index);
        if (index < _offset) index = _offset; // folded range: counted in the lowest kept bucket
        _counts[index - _offset] += count;
        if (index < _minUsed) _minUsed = index;
        if (index > _maxUsed) _maxUsed = index;
    }

    private void Grow(int index)
    {
        if (_counts.Length == 0)
        {
            _counts = new long[128];
            _offset = index - 64;
            return;
        }
        var lo = Math.Min(index, _offset);
        var hi = Math.Max(index, _offset + _counts.Length - 1);
        if (hi - lo + 1 > QuantileSketch.MaxBuckets) lo = hi - QuantileSketch.MaxBuckets + 1;
        var size = Math.Min(QuantileSketch.MaxBuckets, Math.Max(_counts.Length * 2, hi - lo + 1));
        var newOffset = index < _offset ? Math.Max(lo, hi - size + 1) : lo;
        var fresh = new long[size];
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0) continue;
            var target = Math.Max(_offset + i, newOffset) - newOffset;
            fresh[target] += _counts[i];
        }
        _counts = fresh;
        _offset = newOffset;
        if (_minUsed != int.MaxValue && _minUsed < _offset) _minUsed = _offset;
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
