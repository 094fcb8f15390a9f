namespace Pipeline.Core.Verdicts;

/// <summary>
/// Short console and CI verdicts: passing checks that name a subject (<c>amount: null rate</c>, <c>amount: psi</c>) are folded into
/// one line per group of subjects that passed the same checks; failures, warnings, information and headline checks without a
/// subject stay in full. Verbose keeps every check.
/// </summary>
public static class VerdictFolding
{
    /// <summary>The lines to print for <paramref name="verdict"/>, in the verdict's order (a folded group stands where its first check stood).</summary>
    public static IReadOnlyList<VerdictLine> Lines(Verdict verdict, bool verbose)
    {
        if (verbose) return verdict.Checks.Select(c => new VerdictLine(c, null)).ToList();
        var foldable = verdict.Checks
            .Select((check, index) => (check, index, split: Split(check.Metric)))
            .Where(x => x.check.Outcome == CheckOutcome.Pass && x.split is not null)
            .ToList();
        // Subjects grouped by the exact set of rules they passed, so "28 columns: null rate, psi" never hides that two columns lack a test.
        var bySubject = foldable.GroupBy(x => x.split!.Value.Subject, StringComparer.Ordinal)
            .Select(g => (Subject: g.Key, Rules: g.Select(x => x.split!.Value.Rule).Distinct(StringComparer.Ordinal).ToList(), Items: g.ToList()))
            .ToList();
        var groups = bySubject.GroupBy(s => string.Join("\u0001", s.Rules), StringComparer.Ordinal)
            .Select(g => g.ToList())
            .Where(g => g.Sum(s => s.Items.Count) >= 2)
            .ToList();
        var folded = new Dictionary<int, FoldedChecks>();
        var hidden = new HashSet<int>();
        foreach (var group in groups)
        {
            var indices = group.SelectMany(s => s.Items.Select(i => i.index)).Order().ToList();
            var subjects = group.Select(s => s.Subject).ToList();
            folded[indices[0]] = new FoldedChecks(Label(verdict.Gate, subjects), subjects, group[0].Rules, indices.Count);
            hidden.UnionWith(indices);
        }
        var lines = new List<VerdictLine>();
        for (var i = 0; i < verdict.Checks.Count; i++)
        {
            if (folded.TryGetValue(i, out var f)) lines.Add(new VerdictLine(null, f));
            else if (!hidden.Contains(i)) lines.Add(new VerdictLine(verdict.Checks[i], null));
        }
        return lines;
    }

    /// <summary><c>subject: rule</c> → (subject, rule); null for a headline metric such as <c>auc</c>.</summary>
    public static (string Subject, string Rule)? Split(string metric)
    {
        var colon = metric.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || colon + 2 >= metric.Length) return null;
        return (metric[..colon], metric[(colon + 2)..]);
    }

    private static string Label(string gate, IReadOnlyList<string> subjects)
    {
        if (subjects.Count == 1) return subjects[0];
        var noun = gate == "ValidateData" ? "columns" : "subjects";
        return subjects.Count <= 3 ? $"{subjects.Count} {noun} ({string.Join(", ", subjects)})" : $"{subjects.Count} {noun}";
    }
}

/// <summary>One printed line of a verdict: a check in full, or a folded group of passing checks.</summary>
public readonly record struct VerdictLine(Check? Check, FoldedChecks? Folded);

/// <summary>Passing checks folded into one line: <c>30 columns: type, null rate, psi — 90 checks pass</c>.</summary>
public sealed record FoldedChecks(string Label, IReadOnlyList<string> Subjects, IReadOnlyList<string> Rules, int Count)
{
    public override string ToString() => $"{Label}: {string.Join(", ", Rules)} — {Count} check{(Count == 1 ? "" : "s")} pass";
}
