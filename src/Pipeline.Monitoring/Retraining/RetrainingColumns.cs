using Pipeline.Core.Errors;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;

namespace Pipeline.Monitoring.Retraining;

/// <summary>
/// The columns of a retraining dataset: what training and evaluation read (key, label, model inputs, split column, segment columns)
/// plus the contract's freshness column. A logged production row carries only the model's inputs, its request id, its time and the
/// outcome fed back, so every other column of the contract stays out (the servers never see it), and a model whose training needs one
/// of them cannot be retrained from logs.
/// </summary>
public static class RetrainingColumns
{
    /// <summary>Where a retraining column's value comes from on a logged row.</summary>
    public enum Origin { Key, Label, Feature, Time }

    /// <summary>The retraining dataset's columns in contract order with where each live value comes from; throws naming every column
    /// that no logged row can supply, and the fix.</summary>
    public static IReadOnlyList<(ColumnContract Column, Origin Origin)> For(ModelConfig config, DataContract contract)
    {
        var key = contract.Dataset.PrimaryKey ?? config.Data.Key;
        var features = config.Features.AllColumns.ToHashSet(StringComparer.Ordinal);
        var roles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Role(string? column, string role)
        {
            if (string.IsNullOrEmpty(column)) return;
            if (!roles.TryGetValue(column, out var list)) roles[column] = list = [];
            list.Add(role);
        }
        Role(key, "key");
        Role(config.Data.Label, "label");
        foreach (var f in config.Features.AllColumns) Role(f, "model input");
        Role(config.Split.Column, $"split.column ({config.Split.Method} split)");
        foreach (var s in config.Evaluation.Segments) Role(s.Column, "evaluation segment");
        var freshness = contract.Dataset.Freshness?.Column;

        var result = new List<(ColumnContract, Origin)>();
        var problems = new List<string>();
        foreach (var column in contract.Columns)
        {
            var needed = roles.TryGetValue(column.Name, out var why);
            if (!needed && column.Name != freshness) continue;
            if (column.Name == key) result.Add((column, Origin.Key));
            else if (column.Name == config.Data.Label) result.Add((column, Origin.Label));
            else if (features.Contains(column.Name) && column.Sensitive is null) result.Add((column, Origin.Feature));
            else if (column.Type == ColumnType.Timestamp && column.Name == freshness) result.Add((column, Origin.Time));
            else if (!needed) continue;
            else if (features.Contains(column.Name))
                problems.Add($"column {column.Name} ({string.Join(", ", why!)}) is marked sensitive: {column.Sensitive} in {contract.Id}, so the prediction log " +
                             (column.Sensitive == "hash" ? "keeps only its hash" : "does not keep it"));
            else
                problems.Add($"column {column.Name} ({string.Join(", ", why!)}) is not a model input, so the servers never see it");
        }
        foreach (var missing in roles.Keys.Where(r => contract.Column(r) is null))
            problems.Add($"column {missing} ({string.Join(", ", roles[missing])}) is not in contract {contract.Id}");
        if (problems.Count > 0)
            throw new UserInputException(
                $"{config.Name} cannot be retrained from its production logs (monitoring.onBreach: retrain): {string.Join("; ", problems)}. " +
                "A logged row holds only the model's inputs, its request id (the key), its time and the outcome fed back. " +
                "Fix: derive the column from the model's inputs, drop it from split.column / evaluation.segments, or set monitoring.onBreach: alert and retrain on newly labelled source data.");
        return result;
    }
}
