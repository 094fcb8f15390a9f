using Pipeline.Build;
using Pipeline.Ci.GitHub;
using Pipeline.Ci.Status;
using Pipeline.Ci.Tests.Support;

namespace Pipeline.Ci.Tests.Status;

public sealed class CommitStatusSinkTests
{
    private static RunManifest Manifest(params TargetRecord[] targets) => new()
    {
        RunId = "r2", StartedAt = Fixtures.Now, InvokedTargets = ["BenchmarkGate"], Parameters = new Dictionary<string, string?>(), Targets = targets, Outcome = "Failed",
    };

    [Fact]
    public void OnRunFinished_GateStartedWithoutVerdict_GetsFinalState()
    {
        var poster = new RecordingPoster();
        var sink = new CommitStatusSink(poster, Fixtures.Repository, Fixtures.HeadSha, null, ["EvaluateGate", "BenchmarkGate", "ValidateData"], _ => { });
        ((IVerdictSink)sink).OnTargetStarted("Train");
        ((IVerdictSink)sink).OnTargetStarted("EvaluateGate");
        ((IVerdictSink)sink).OnTargetStarted("BenchmarkGate");

        sink.OnRunFinished(Manifest(
            new TargetRecord { Name = "EvaluateGate", Status = TargetStatus.UpToDate, ReusedFromRun = "r1", Note = "auc 0.91" },
            new TargetRecord { Name = "BenchmarkGate", Status = TargetStatus.Failed, Note = "server did not start on port 5000" },
            new TargetRecord { Name = "ValidateData", Status = TargetStatus.Succeeded }));

        Assert.Equal(
        [
            (CommitState.Pending, "pipeline/EvaluateGate", "EvaluateGate running"),
            (CommitState.Pending, "pipeline/BenchmarkGate", "BenchmarkGate running"),
            (CommitState.Success, "pipeline/EvaluateGate", "up to date (run r1): auc 0.91"),
            (CommitState.Failure, "pipeline/BenchmarkGate", "failed: server did not start on port 5000"),
        ], poster.Posted.Select(p => (p.State, p.Context, p.Description)));
    }
}
