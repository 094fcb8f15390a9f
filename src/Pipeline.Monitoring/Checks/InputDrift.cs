using System.Globalization;
using System.Text;
using Pipeline.Core.Monitoring;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Drift;
using Pipeline.Data.Profiling;
using Pipeline.Data.Validation;

namespace Pipeline.Monitoring.Checks;

/// <summary>
/// Live inputs against the training profile with ValidateData's own machinery: the logged feature columns are profiled under the
/// contract (restricted to those columns) and compared by <see cref="ProfileDrift"/> with the contract's drift tests and its
/// multiple-test correction. Hashed and dropped (sensitive) columns are not tested, and the notes say so.
/// </summary>
public static class InputDrift
{
    public static (IReadOnlyList<Check> Checks, IReadOnlyList<string> Notes, DatasetProfile? Live) Compare(
        IReadOnlyList<PredictionRecord> rows, DataContract contract, DatasetProfile baseline, string workDirectory)
    {
        var notes = new List<string>();
        var columns = rows.SelectMany(r => r.Features.Keys).Distinct(StringComparer.Ordinal)
            .Select(contract.Column).OfType<ColumnContract>()
            .Where(c => c.Sensitive is null)
            .ToList();
        foreach (var c in contract.Columns.Where(c => c.Sensitive is not null && rows.Any(r => r.Features.ContainsKey(c.Name))))
            notes.Add($"column {c.Name} is sensitive ({c.Sensitive}) in {contract.Id}: not tested for drift");
        if (rows.Count == 0 || columns.Count == 0)
        {
            notes.Add("no logged feature values: input drift not tested");
            return ([], notes, null);
        }
        Directory.CreateDirectory(workDirectory);
        var file = Path.Combine(workDirectory, $"live-{Guid.NewGuid():N}.csv");
        try
        {
            WriteCsv(file, rows, columns);
            var projection = contract with
            {
                Columns = columns.Select(c => c with { Unique = false }).ToList(),
                Dataset = new DatasetRules { MinRows = 0, MaxRejectedShare = 1, AllowExtraColumns = false },
            };
            var validated = DataValidator.Validate(file, projection, new ValidationOptions { Subject = "live traffic", Workers = 1 });
            var report = ProfileDrift.Compare(baseline, validated.Profile, contract.Drift);
            notes.AddRange(report.Notes);
            return (report.Checks, notes, validated.Profile);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void WriteCsv(string file, IReadOnlyList<PredictionRecord> rows, IReadOnlyList<ColumnContract> columns)
    {
        using var w = new StreamWriter(file, false, new UTF8Encoding(false));
        w.Write(string.Join(",", columns.Select(c => Quote(c.Name))));
        w.Write('\n');
        foreach (var r in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) w.Write(',');
                var v = r.Features.GetValueOrDefault(columns[i].Name);
                w.Write(v switch
                {
                    null => "",
                    double d when columns[i].Type == ColumnType.Int && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    _ => Quote(Convert.ToString(v, CultureInfo.InvariantCulture)!),
                });
            }
            w.Write('\n');
        }
    }

    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
