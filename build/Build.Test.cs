using Pipeline.Build;
using Pipeline.Build.Testing;

partial class Build
{
    [Parameter("Only run tests matching this dotnet test --filter expression")]
    readonly string? TestFilter;

    [Parameter("Only these test projects (e.g. Pipeline.Build.Tests); default: every tests/*.Tests project after one build of Pipeline.sln")]
    readonly string[] TestProjects = [];

    Target Test => _ => _
        .Description("Build once, run every test project, end with one line: N passed, N failed, N skipped")
        .DependsOn(Setup)
        .Executes(ctx =>
        {
            var runner = new TestSuiteRunner(RootDirectory, Path.Combine(TemporaryDirectory, "test-results", RunId));
            var projects = runner.FindProjects(TestProjects);
            runner.Build(TestProjects.Length > 0 ? projects : null, ctx.CancellationToken);
            var results = new List<TestProjectResult>();
            foreach (var project in projects)
            {
                var result = runner.RunProject(project, TestFilter, ctx.CancellationToken);
                Log.Information(TestSuiteRunner.Describe(result));
                results.Add(result);
            }
            var totals = results.Aggregate(default(TestCounts), (sum, r) => sum + r.Counts);
            ctx.Output("test-results", Store.PutJson(results));
            ctx.Note($"passed {totals.Passed}, failed {totals.Failed}, skipped {totals.Skipped}");
            ctx.PrintAtEnd(totals.SummaryLine);
            var broken = results.Where(r => !r.Succeeded).Select(r => r.Project).ToList();
            if (broken.Count > 0)
                throw new InvalidOperationException($"Tests failed or did not run in {string.Join(", ", broken)}; see the output above.");
        });
}
