using System.Text.Json;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Drift;
using Pipeline.Data.Profiling;

namespace Pipeline.Data.Validation;

/// <summary>The ValidateData gate: checks a dataset against its contract and a baseline profile in one streaming pass.</summary>
public static class DataValidator
{
    public const string GateName = "ValidateData";

    /// <summary>Validates and profiles <paramref name="path"/>. Bad data yields a failing verdict, never an exception; a missing file throws <see cref="FileNotFoundException"/>.</summary>
    public static ValidationResult Validate(string path, DataContract contract, ValidationOptions? options = null)
    {
        options ??= new ValidationOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"dataset {path} does not exist; generate it (./build.sh GenerateData) or pass --data <file>", path);
        var scan = new DataScanner(contract, options).Scan(path);
        var profile = BuildProfile(path, contract, scan);
        var subject = options.Subject ?? Path.GetFileName(path);
        var judge = new VerdictBuilder(contract, options, scan, profile);
        var checks = judge.Checks();
        var notes = judge.Notes;
        if (!scan.Empty && options.Baseline is { } baseline)
        {
            if (baseline.Contract != contract.Id)
                notes.Add($"baseline profile was recorded under {baseline.Contract}, data is read under {contract.Id}: only columns present in both are compared");
            var drift = ProfileDrift.Compare(baseline, profile, contract.Drift);
            checks.AddRange(options.DriftAsInformation ? drift.Checks.Select(c => c with { Outcome = CheckOutcome.Info }) : drift.Checks);
            notes.AddRange(drift.Notes);
            if (options.DriftAsInformation)
                notes.Add("drift is information here: this dataset was built because production drifted (retraining); the gates judge the model trained on it");
            notes.Add($"drift baseline: {options.BaselineDescription ?? baseline.Source} ({baseline.Rows} rows)");
        }
        else if (!scan.Empty)
        {
            notes.Add("no baseline: rules only (drift is tested once a baseline profile exists)");
        }
        var verdict = new Verdict { Gate = GateName, Subject = subject, Checks = checks, Notes = notes };
        var report = new ValidationReport
        {
            Gate = GateName,
            Subject = subject,
            Contract = contract.Id,
            Outcome = verdict.Outcome,
            Checks = checks,
            Notes = notes,
            Violations = judge.Violations,
            Rows = profile.Rows,
            Bytes = scan.Bytes,
            Seconds = scan.Elapsed.TotalSeconds,
        };
        return new ValidationResult(verdict, profile, report);
    }

    /// <summary>Report as indented JSON (enum names, camelCase).</summary>
    public static string ToJson(ValidationReport report) => JsonSerializer.Serialize(report, ProfileJson.Options);

    private static DatasetProfile BuildProfile(string path, DataContract contract, ScanResult scan)
    {
        var byName = new Dictionary<string, ColumnProfile>(StringComparer.Ordinal);
        for (var p = 0; p < scan.State.Columns.Length; p++)
        {
            if (scan.State.Columns[p] is { } acc) byName[acc.Column.Name] = acc.ToProfile();
        }
        return new DatasetProfile
        {
            Contract = contract.Id,
            Source = Path.GetFileName(path),
            Rows = scan.State.Rows,
            RejectedRows = scan.State.Rejected,
            Bytes = scan.Bytes,
            Columns = contract.Columns.Where(c => byName.ContainsKey(c.Name)).Select(c => byName[c.Name]).ToArray(),
        };
    }
}
