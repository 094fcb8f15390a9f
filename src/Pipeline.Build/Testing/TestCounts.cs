namespace Pipeline.Build.Testing;

/// <summary>Test counts of one project or of a whole suite.</summary>
public readonly record struct TestCounts(int Passed, int Failed, int Skipped)
{
    public static TestCounts operator +(TestCounts a, TestCounts b) => new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);

    /// <summary>The one summary line of <c>./build.sh Test</c>: <c>N passed, N failed, N skipped</c>.</summary>
    public string SummaryLine => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
