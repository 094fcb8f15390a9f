namespace Pipeline.Build.Tests.Support;

/// <summary>Two models in one repository: Train writes a model per --model; Package reads it back (typed outputs, scoped by model).</summary>
public sealed class ScopedBuild : RecordingBuild
{
    public static readonly BlobOutput ModelOutput = new(nameof(Train), "model", "application/onnx");
    public static readonly JsonOutput<TrainSummary> SummaryOutput = new(nameof(Train), "summary");

    [Parameter("Model")] readonly string Model = "a";

    protected internal override string? ArtifactScope => Model;

    protected internal override string ScopeArguments => $" --model {Model}";

    /// <summary>What Package read, for assertions.</summary>
    public string? Packaged { get; private set; }

    Target Train => _ => _
        .Executes(ctx =>
        {
            Ran(nameof(Train));
            ctx.Write(ModelOutput, ctx.Store.PutText($"model of {Model}", ModelOutput.MediaType));
            ctx.Write(SummaryOutput, new TrainSummary(Model, 42));
        });

    Target Package => _ => _
        .DependsOn(Train)
        .Executes(ctx =>
        {
            Ran(nameof(Package));
            var summary = ctx.Read(SummaryOutput);
            Packaged = $"{ctx.Store.ReadText(ctx.Upstream(ModelOutput))} ({summary.Model}, {summary.Rows} rows)";
        });

    Target WrongWriter => _ => _
        .Executes(ctx => ctx.Write(SummaryOutput, new TrainSummary(Model, 1)));
}

public sealed record TrainSummary(string Model, int Rows);
