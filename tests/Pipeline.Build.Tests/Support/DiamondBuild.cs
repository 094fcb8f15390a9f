namespace Pipeline.Build.Tests.Support;

/// <summary>A diamond split over two partial files: Restore → (Lint | Compile) → Pack, plus ordering-only and trigger relations.</summary>
public sealed partial class DiamondBuild : RecordingBuild
{
    Target Restore => _ => _
        .Description("Restore packages")
        .Executes(() => Ran(nameof(Restore)));

    Target Lint => _ => _
        .Description("Lint sources")
        .DependsOn(Restore)
        .Executes(() => Ran(nameof(Lint)));

    Target Compile => _ => _
        .Description("Compile")
        .DependsOn(Restore)
        .Executes(() => Ran(nameof(Compile)));
}
