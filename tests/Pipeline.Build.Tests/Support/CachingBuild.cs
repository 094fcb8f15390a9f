namespace Pipeline.Build.Tests.Support;

/// <summary>Data → Train → Evaluate, each cached by its input files; Report always runs. Outputs are derived from the inputs.</summary>
public sealed class CachingBuild : RecordingBuild
{
    [Parameter("Re-run even when up to date")] readonly bool Force;
    [Parameter("Hyperparameter")] readonly int Depth = 3;

    Target Data => _ => _
        .Inputs(_ => TargetInputs.Files("data/rows.csv"))
        .Executes(ctx =>
        {
            Ran(nameof(Data));
            ctx.Output("profile", ctx.Store.PutText("profile of " + File.ReadAllText(Path.Combine(RootDirectory, "data/rows.csv"))));
        });

    Target Train => _ => _
        .DependsOn(Data)
        .Inputs(ctx => TargetInputs.Files("config/train.yaml").Parameter("depth", Depth).Upstream(Data, "profile"))
        .Executes(ctx =>
        {
            Ran(nameof(Train));
            var profile = ctx.Store.ReadText(ctx.Upstream(nameof(Data), "profile"));
            ctx.Output("model", ctx.Store.PutText($"model(depth={Depth}) from {profile} with {File.ReadAllText(Path.Combine(RootDirectory, "config/train.yaml"))}", "application/onnx"));
            ctx.Note("trained");
        });

    Target Docs => _ => _
        .Inputs(_ => TargetInputs.Files("docs"))
        .Executes(ctx =>
        {
            Ran(nameof(Docs));
            ctx.Output("site", ctx.Store.PutText(string.Join(",", Directory.GetFiles(Path.Combine(RootDirectory, "docs")).Order())));
        });

    Target Evaluate => _ => _
        .DependsOn(Train, Docs)
        .Inputs(_ => TargetInputs.None)
        .Executes(ctx =>
        {
            Ran(nameof(Evaluate));
            ctx.Output("report", ctx.Store.PutJson(new { model = ctx.Upstream(nameof(Train), "model").Digest }));
        });

    Target Report => _ => _
        .DependsOn(Evaluate)
        .Executes(ctx =>
        {
            Ran(nameof(Report));
            Log.Information("report of " + ctx.Upstream(nameof(Evaluate), "report").Short);
        });
}
