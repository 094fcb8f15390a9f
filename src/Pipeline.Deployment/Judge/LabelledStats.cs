namespace Pipeline.Deployment.Judge;

/// <summary>Running loss moments and the pairs (for AUC) of one variant's labelled answers: log loss of a probability (binary; and
/// multiclass, whose answers are recorded as the probability given to the true class with label 1), or squared error (regression).</summary>
public sealed class LabelledStats(bool squaredError = false)
{
    /// <summary>True: the loss is (score − label)² (regression); false: log loss.</summary>
    public bool SquaredError { get; } = squaredError;

    /// <summary>Scores are clipped to [ε, 1-ε] so one confident miss cannot dominate: a loss is at most -ln ε ≈ 6.9.</summary>
    public const double Epsilon = 1e-3;

    private readonly List<LabelledScore> _pairs = [];
    private double _sum;
    private double _sumSquares;

    public long Count => _pairs.Count;
    public double MeanLoss => Count == 0 ? double.NaN : _sum / Count;

    /// <summary>Sample variance of the per-request log loss.</summary>
    public double LossVariance => Count < 2 ? double.NaN : Math.Max(0, (_sumSquares - _sum * _sum / Count) / (Count - 1));

    public void Add(IEnumerable<LabelledScore> pairs)
    {
        foreach (var p in pairs) Add(p);
    }

    public void Add(LabelledScore pair)
    {
        var loss = SquaredError ? ((double)pair.Score - pair.Label) * ((double)pair.Score - pair.Label) : Loss(pair);
        _sum += loss;
        _sumSquares += loss * loss;
        _pairs.Add(pair);
    }

    public LabelledStats Copy()
    {
        var copy = new LabelledStats(SquaredError);
        copy.Add(_pairs);
        return copy;
    }

    public static double Loss(LabelledScore pair)
    {
        var p = Math.Clamp(pair.Score, Epsilon, 1 - Epsilon);
        return pair.Label >= 0.5f ? -Math.Log(p) : -Math.Log(1 - p);
    }

    /// <summary>Mann–Whitney AUC (ties count half); NaN without both classes.</summary>
    public double Auc()
    {
        var sorted = _pairs.OrderBy(p => p.Score).ToArray();
        long positives = sorted.LongCount(p => p.Label >= 0.5f), negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        double rankSum = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j].Score == sorted[i].Score) j++;
            var midRank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
                if (sorted[k].Label >= 0.5f) rankSum += midRank;
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }
}
