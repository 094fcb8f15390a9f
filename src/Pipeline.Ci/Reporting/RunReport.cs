namespace Pipeline.Ci.Reporting;

/// <summary>The run's Markdown report under <c>.artifacts/reports/&lt;run-id&gt;/summary.md</c>, uploaded as a CI artifact (Azure: as the summary tab).</summary>
public sealed class RunReport(string directory, Func<string, string> mask)
{
    public string Directory { get; } = directory;

    public string SummaryPath => Path.Combine(Directory, "summary.md");

    public void Append(string markdown)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.AppendAllText(SummaryPath, mask(markdown));
    }

    /// <summary>Writes one file of the report, e.g. <c>EvaluateGate.verdict.md</c>.</summary>
    public void Write(string fileName, string content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, fileName), mask(content));
    }
}
