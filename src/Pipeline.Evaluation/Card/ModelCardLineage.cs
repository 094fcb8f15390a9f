using Pipeline.Training;

namespace Pipeline.Evaluation.Card;

/// <summary>The lineage lines of a model card: the run, where the model came from, how it was trained and what it was compared with.</summary>
public static class ModelCardLineage
{
    /// <param name="trainingReport">Null for an imported model (it has no training run here).</param>
    /// <param name="champion">Name and digest of the model compared with, if any.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> From(string runId, string sourceKind, TrainingReport? trainingReport, (string Name, string Digest)? champion)
    {
        var lineage = new List<KeyValuePair<string, string>> { new("run", runId), new("source", sourceKind) };
        if (trainingReport is not null)
        {
            lineage.Add(new("trainer", trainingReport.Trainer));
            lineage.Add(new("hyperparameters", string.Join(";", trainingReport.Hyperparameters.Select(h => $"{h.Key}={h.Value}"))));
        }
        if (champion is { } c) lineage.Add(new("champion", $"{c.Name} {c.Digest}"));
        return lineage;
    }
}
