using System.Buffers;

namespace Pipeline.Evaluation.Metrics;

/// <summary>
/// One set of rows (scores + 0/1 labels in row order) and its ascending score order, computed once and shared by every rank-based
/// metric (DeLong tie groups, average precision, threshold sweep, output sanity). A subset's order is derived from its parent's by a
/// stable filter (<see cref="Partition"/>), never by sorting again.
/// </summary>
internal sealed class ScoreOrder
{
    private ScoreOrder(float[] scores, float[] labels, int[] ascending, float[] sortedScores, bool[] sortedPositive, long positives)
    {
        Scores = scores;
        Labels = labels;
        Ascending = ascending;
        SortedScores = sortedScores;
        SortedPositive = sortedPositive;
        Positives = positives;
    }

    /// <summary>Scores in row order.</summary>
    public float[] Scores { get; }

    /// <summary>Labels in row order.</summary>
    public float[] Labels { get; }

    /// <summary>Row indices in ascending score order (stable; NaN first, as <see cref="Array.Sort(Array)"/> orders them).</summary>
    public int[] Ascending { get; }

    /// <summary><c>Scores[Ascending[t]]</c>.</summary>
    public float[] SortedScores { get; }

    /// <summary><c>Labels[Ascending[t]] &gt; 0.5</c>.</summary>
    public bool[] SortedPositive { get; }

    /// <summary>Rows whose label is &gt; 0.5.</summary>
    public long Positives { get; }

    public int Count => Scores.Length;

    public static ScoreOrder Create(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels");
        return Create(scores.ToArray(), labels.ToArray());
    }

    /// <summary>Without copying: the arrays must not change while the order is used.</summary>
    public static ScoreOrder Create(float[] s, float[] l)
    {
        if (s.Length != l.Length) throw new ArgumentException($"{s.Length} scores for {l.Length} labels");
        var ascending = RadixSort.Ascending(s);
        var n = s.Length;
        var sortedScores = new float[n];
        var sortedPositive = new bool[n];
        long positives = 0;
        for (var t = 0; t < n; t++)
        {
            var row = ascending[t];
            sortedScores[t] = s[row];
            var positive = l[row] > 0.5f;
            sortedPositive[t] = positive;
            if (positive) positives++;
        }
        return new ScoreOrder(s, l, ascending, sortedScores, sortedPositive, positives);
    }

    /// <summary>
    /// Splits the rows into <paramref name="groupCount"/> subsets (<paramref name="groupOf"/>[row] names each row's subset). Each subset
    /// keeps its rows in row order, and its ascending order is this order filtered to its rows — stable, so no sort is repeated.
    /// </summary>
    public ScoreOrder[] Partition(int[] groupOf, int groupCount)
    {
        var n = Count;
        if (groupOf.Length != n) throw new ArgumentException($"{groupOf.Length} group ids for {n} rows");
        var sizes = new int[groupCount];
        var local = ArrayPool<int>.Shared.Rent(n);
        for (var row = 0; row < n; row++) local[row] = sizes[groupOf[row]]++;
        var scores = new float[groupCount][];
        var labels = new float[groupCount][];
        var ascending = new int[groupCount][];
        var sortedScores = new float[groupCount][];
        var sortedPositive = new bool[groupCount][];
        var positives = new long[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            scores[g] = new float[sizes[g]];
            labels[g] = new float[sizes[g]];
            ascending[g] = new int[sizes[g]];
            sortedScores[g] = new float[sizes[g]];
            sortedPositive[g] = new bool[sizes[g]];
        }
        for (var row = 0; row < n; row++)
        {
            var g = groupOf[row];
            scores[g][local[row]] = Scores[row];
            labels[g][local[row]] = Labels[row];
        }
        var fill = new int[groupCount];
        for (var t = 0; t < n; t++)
        {
            var row = Ascending[t];
            var g = groupOf[row];
            var p = fill[g]++;
            ascending[g][p] = local[row];
            sortedScores[g][p] = SortedScores[t];
            var positive = SortedPositive[t];
            sortedPositive[g][p] = positive;
            if (positive) positives[g]++;
        }
        ArrayPool<int>.Shared.Return(local);
        var parts = new ScoreOrder[groupCount];
        for (var g = 0; g < groupCount; g++)
            parts[g] = new ScoreOrder(scores[g], labels[g], ascending[g], sortedScores[g], sortedPositive[g], positives[g]);
        return parts;
    }
}
