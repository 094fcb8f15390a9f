using Pipeline.Benchmarking.Gate;
using Pipeline.Build;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Gate;
using Pipeline.Onnx.Import;
using Pipeline.Deployment.Release;
using Pipeline.Packaging.Release;
using Pipeline.Training;

/// <summary>
/// Every output a stage hands on, declared once with its producer and type (NUKE's Produces/Consumes in spirit). Outputs are
/// scoped by model: a stage reads them from this run, else from an earlier run of the same model, never from another model's.
/// </summary>
static class Outputs
{
    public static readonly BlobOutput DataProfile = new("ValidateData", "profile", "application/vnd.pipeline.data-profile+json");
    /// <summary>The profile ValidateData tested drift against (absent on a model's first data).</summary>
    public static readonly BlobOutput BaselineProfile = new("ValidateData", "baseline-profile", "application/vnd.pipeline.data-profile+json");
    public static readonly BlobOutput ValidationReport = new("ValidateData", "validation-report", "application/vnd.pipeline.validation-report+json");

    public static readonly BlobOutput TrainedModel = new("Train", "model", "application/onnx");
    public static readonly JsonOutput<TrainingReport> TrainingReport = new("Train", "training-report");

    public static readonly BlobOutput ImportedModel = new("Import", "model", "application/onnx");
    public static readonly JsonOutput<ModelSignature> Signature = new("Import", "signature");

    public static readonly JsonOutput<EvaluationReport> EvaluationReport = new("EvaluateGate", "evaluation-report");
    public static readonly BlobOutput ModelCard = new("EvaluateGate", "model-card", "text/markdown");

    /// <summary>The model EvaluateGate accepted (the candidate blob itself); absent when the gate failed.</summary>
    public static readonly BlobOutput AcceptedModel = new("EvaluateGate", "accepted-model", "application/onnx");

    public static readonly JsonOutput<BenchmarkReport> BenchmarkReport = new("BenchmarkGate", "benchmark-report");
    public static readonly BlobOutput LatencyHistogram = new("BenchmarkGate", "latency-histogram", "image/svg+xml");

    /// <summary>The model BenchmarkGate measured.</summary>
    public static readonly BlobOutput MeasuredModel = new("BenchmarkGate", "measured-model", "application/onnx");

    public static readonly BlobOutput ImageArchive = new("PackageImage", "image-archive", "application/vnd.oci.image.layout.v1+tar");
    public static readonly JsonOutput<ImageRecord> Image = new("PackageImage", "image");

    public static readonly JsonOutput<ReleaseRecord> Release = new("DeployCanary", "release");

    public static readonly JsonOutput<Pipeline.Batch.Scoring.BatchRecord> Batch = new("ScoreBatch", "batch");

    /// <summary>The predictions file of a ScoreBatch run (absent for a PostgreSQL output).</summary>
    public static readonly BlobOutput BatchPredictions = new("ScoreBatch", "predictions", "application/octet-stream");

    /// <summary>The NuGet package PackageNuGet wrote (for Lineage: which run packaged which model).</summary>
    public static readonly BlobOutput NuGetPackage = new("PackageNuGet", "nuget-package", "application/vnd.nuget.package");

    /// <summary>The verdict a gate recorded with <see cref="TargetContext.Report"/>.</summary>
    public static JsonOutput<Verdict> VerdictOf(string gate) => new(gate, $"{gate}-verdict", "application/vnd.pipeline.verdict+json");
}
