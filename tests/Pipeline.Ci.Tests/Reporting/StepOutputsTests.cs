using Pipeline.Build;
using Pipeline.Ci.Reporting;
using Pipeline.Ci.Tests.Support;

namespace Pipeline.Ci.Tests.Reporting;

public sealed class StepOutputsTests
{
    private static readonly ArtifactRef Model = new("sha256:" + new string('a', 64), 10, "application/onnx");
    private static readonly ArtifactRef Image = new("sha256:" + new string('b', 64), 99, "application/json");

    private static RunManifest Manifest() => new()
    {
        RunId = "r9", StartedAt = Fixtures.Now, InvokedTargets = ["DeployCanary"], Parameters = new Dictionary<string, string?>(), Outcome = "Failed",
        Targets =
        [
            new TargetRecord { Name = "Train", Status = TargetStatus.UpToDate, Outputs = new Dictionary<string, ArtifactRef> { ["model"] = Model } },
            new TargetRecord { Name = "PackageImage", Status = TargetStatus.Succeeded, Outputs = new Dictionary<string, ArtifactRef> { ["image"] = Image } },
            new TargetRecord { Name = "DeployCanary", Status = TargetStatus.Failed, Note = "rolled back at 25 %: p99 +38 %" },
        ],
    };

    [Fact]
    public void From_Specs_DigestJsonPropertyAndDecision()
    {
        var values = StepOutputs.From(Manifest(),
            ["model-digest=Train/model", "image-digest=PackageImage/image#digest", "decision=DeployCanary", "missing=Promote", "absent=Train/card"],
            a => a == Image ? """{"digest":"sha256:cafe","tag":"fraud-detector:7"}""" : null);

        Assert.Equal(
        [
            new("run-id", "r9"), new("outcome", "Failed"), new("model-digest", Model.Digest), new("image-digest", "sha256:cafe"),
            new KeyValuePair<string, string>("decision", "failed: rolled back at 25 %: p99 +38 %"),
        ], values);
    }
}
