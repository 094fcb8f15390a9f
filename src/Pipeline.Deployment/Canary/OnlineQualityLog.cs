using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>Labelled answers as the replay client saw them, appended concurrently and read by position (each scrape takes the new ones).</summary>
public sealed class OnlineQualityLog
{
    private readonly List<LabelledAnswer> _answers = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _answers.Count; }
    }

    public void Record(LabelledAnswer answer)
    {
        lock (_lock) _answers.Add(answer);
    }

    /// <summary>The (label, score) pairs <paramref name="version"/> answered at positions [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public IReadOnlyList<LabelledScore> Of(string version, int from, int to)
    {
        lock (_lock)
        {
            var pairs = new List<LabelledScore>();
            for (var i = from; i < Math.Min(to, _answers.Count); i++)
                if (_answers[i].Version == version) pairs.Add(new LabelledScore(_answers[i].Label, _answers[i].Score));
            return pairs;
        }
    }
}
