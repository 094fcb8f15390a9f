namespace Pipeline.Build.Tests.Support;

/// <summary>A → B → C → A.</summary>
public sealed class CycleBuild : RecordingBuild
{
    Target Alpha => _ => _.DependsOn(Gamma).Executes(() => Ran(nameof(Alpha)));
    Target Beta => _ => _.DependsOn(Alpha).Executes(() => Ran(nameof(Beta)));
    Target Gamma => _ => _.DependsOn(Beta).Executes(() => Ran(nameof(Gamma)));
    Target Free => _ => _.Executes(() => Ran(nameof(Free)));
}
