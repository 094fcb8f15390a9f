using System.Text.RegularExpressions;
using Pipeline.Build;
using Pipeline.Core.Layout;
using Pipeline.Deployment.Release;
using Pipeline.Registry;

namespace Pipeline.Graph.Tests.Support;

/// <summary>Reading what a run left in this repository: artifacts by their manifest entry, the release record, the registry.</summary>
public sealed partial class GraphRepository
{
    public ArtifactStore Store => new(Path.Combine(Root, ".artifacts"));

    public string ReadText(GraphRun run, BlobOutput output) => Store.ReadText(run.Output(output));

    public T ReadJson<T>(GraphRun run, JsonOutput<T> output) => Store.ReadJson<T>(run.Output(output));

    public ReleaseRecord ReadRelease(GraphRun run) => Store.ReadJson<ReleaseRecord>(run.Output(Outputs.Release));

    public Task<IModelRegistry> OpenRegistryAsync() => ModelRegistryFactory.OpenAsync(null, new RepositoryLayout(Root));

    /// <summary>
    /// A benchmark that judges cost against the champion with the house limit (+25 %) in short phases (1 s at c = 1 and 8, 3…10
    /// rounds) and only a loose absolute SLA (a busy CI machine's p99 is not the model's): a release whose candidate costs what
    /// the champion costs must pass it.
    /// </summary>
    public void UseHouseCostLimit(string model) => SetSection(model, "benchmark", """
          ratePerSecond: 50
          maxP99Ms: 2000
          maxMemoryMb: 2000
          maxStartupSeconds: 60
          maxRegressionPercent: 25
          durationSeconds: 1
          rounds: 3
          maxRounds: 10
          timeBudgetSeconds: 120
          concurrency: [1, 8]
        """);

    /// <summary>
    /// Canary steps and latency margins wide enough for a busy 2-core machine (the prediction-shift and quality thresholds stay
    /// the example's own): tests that are about something else than the rollout's timing.
    /// </summary>
    public void MakeRolloutQuick(string model)
    {
        var text = File.ReadAllText(ModelFile(model));
        foreach (var (key, value) in new[] { ("steps", "[50, 100]"), ("maxStepSeconds", "30"), ("maxP99LatencyIncreaseMs", "2000"), ("maxErrorRateIncrease", "0.2") })
        {
            var line = new Regex($@"^(\s+{key}:)[^\n#]*", RegexOptions.Multiline);
            if (!line.IsMatch(text)) throw new InvalidOperationException($"{ModelFile(model)} has no {key}:");
            text = line.Replace(text, $"$1 {value}", 1);
        }
        File.WriteAllText(ModelFile(model), text);
    }

    /// <summary>
    /// A short benchmark with a loose cost limit and a two-step canary on stable's replay with judge margins wide enough for a busy
    /// 2-core machine: tests about which model or data each stage handles, not about the gates' thresholds.
    /// </summary>
    public void MakeQuick(string model)
    {
        SetSection(model, "benchmark", """
              ratePerSecond: 50
              maxP99Ms: 2000
              maxMemoryMb: 2000
              maxStartupSeconds: 60
              maxRegressionPercent: 1000
              durationSeconds: 1
              rounds: 2
              concurrency: [1, 4]
            """);
        SetSection(model, "rollout", """
              strategy: canary
              steps: [50, 100]
              minRequestsPerStep: 60
              maxStepSeconds: 30
              replayRatePerSecond: 60
              falseRollbackBudget: 0.01
              maxErrorRateIncrease: 0.2
              maxP99LatencyIncreaseMs: 2000
              maxScorePsi: 5
            """);
    }
}
