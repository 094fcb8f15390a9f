using System.Globalization;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;
using Pipeline.Data.Reading;

namespace Pipeline.Data.Validation;

/// <summary>int/float column: parse without allocation, range rules, Welford mean/variance, min/max and a quantile sketch.</summary>
internal sealed class NumericAccumulator(ColumnContract column, ViolationLog log) : ColumnAccumulator(column, log)
{
    private readonly bool _int = column.Type == ColumnType.Int;
    private readonly double _min = column.Min ?? double.NegativeInfinity;
    private readonly double _max = column.Max ?? double.PositiveInfinity;
    // Shifted sums (shift = first value) are cheaper per value than Welford and stable for data near the shift;
    // they are turned into mean and M2 once, when merging or profiling.
    private double _shift = double.NaN;
    private double _sum;
    private double _sumSq;
    private double _mean;
    private double _m2;
    private long _folded;
    private double _lo = double.PositiveInfinity;
    private double _hi = double.NegativeInfinity;

    public QuantileSketch Sketch { get; } = new();

    public override bool Add(ReadOnlySpan<byte> value, long row)
    {
        double v;
        if (_int)
        {
            if (!Utf8Values.TryParseLong(value, out var l)) return TypeError(value, row);
            v = l;
        }
        else if (!Utf8Values.TryParseDouble(value, out v)) return TypeError(value, row);

        Count++;
        if (double.IsNaN(_shift)) _shift = v;
        var d = v - _shift;
        _sum += d;
        _sumSq += d * d;
        if (v < _lo) _lo = v;
        if (v > _hi) _hi = v;
        Sketch.Add(v);
        if (v < _min) { Log.Add(Column.Name, Rules.Min, row, value); return false; }
        if (v > _max) { Log.Add(Column.Name, Rules.Max, row, value); return false; }
        return true;
    }

    /// <summary>Folds the shifted sums into (mean, M2) over <see cref="_folded"/> values (Chan et al. pairwise combination).</summary>
    private void Fold()
    {
        var n = Count - _folded;
        if (n <= 0) return;
        var mean = _shift + _sum / n;
        var m2 = Math.Max(0, _sumSq - _sum * _sum / n);
        var total = _folded + n;
        var delta = mean - _mean;
        _mean = _folded == 0 ? mean : _mean + delta * n / total;
        _m2 += m2 + delta * delta * _folded * n / total;
        _folded = total;
        _sum = 0;
        _sumSq = 0;
        _shift = double.NaN;
    }

    protected override void MergeState(ColumnAccumulator other)
    {
        var o = (NumericAccumulator)other;
        // Base.Merge already added o.Count to Count: fold our own values first, then o's.
        var mine = Count - o.Count;
        Count = mine;
        Fold();
        o.Fold();
        var total = mine + o.Count;
        if (o.Count > 0)
        {
            var delta = o._mean - _mean;
            _mean = mine == 0 ? o._mean : _mean + delta * o.Count / total;
            _m2 += o._m2 + delta * delta * mine * o.Count / total;
        }
        Count = total;
        _folded = total;
        _lo = Math.Min(_lo, o._lo);
        _hi = Math.Max(_hi, o._hi);
        Sketch.Merge(o.Sketch);
    }

    protected override ColumnProfile Profile(ColumnProfile basic)
    {
        Fold();
        if (Count == 0) return basic;
        return basic with
        {
            Mean = _mean,
            Std = Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0,
            Min = _lo,
            Max = _hi,
            Quantiles = new[] { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 }
                .ToDictionary(q => "p" + (q * 100).ToString("00", CultureInfo.InvariantCulture), q => Clamp(Sketch.Quantile(q))),
            Histogram = Histogram(20),
            Sketch = Sketch.ToData(),
        };
    }

    private double Clamp(double v) => Math.Clamp(v, _lo, _hi);

    private List<HistogramBin> Histogram(int bins)
    {
        var result = new List<HistogramBin>(bins);
        if (_hi <= _lo)
        {
            result.Add(new HistogramBin(_lo, _hi, Count));
            return result;
        }
        var width = (_hi - _lo) / bins;
        var counts = new long[bins];
        foreach (var (value, count) in Sketch.Points())
        {
            var b = (int)Math.Clamp(Math.Floor((Clamp(value) - _lo) / width), 0, bins - 1);
            counts[b] += count;
        }
        for (var i = 0; i < bins; i++) result.Add(new HistogramBin(_lo + i * width, i == bins - 1 ? _hi : _lo + (i + 1) * width, counts[i]));
        return result;
    }
}
