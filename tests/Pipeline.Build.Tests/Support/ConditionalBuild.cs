namespace Pipeline.Build.Tests.Support;

/// <summary>OnlyWhenDynamic, TriggeredBy, and a target whose declared upstream output never exists.</summary>
public sealed class ConditionalBuild : RecordingBuild
{
    [Parameter("Run Optional")] readonly bool WithOptional;

    Target Optional => _ => _
        .OnlyWhenDynamic(() => WithOptional)
        .Executes(() => Ran(nameof(Optional)));

    Target AfterOptional => _ => _
        .DependsOn(Optional)
        .Executes(() => Ran(nameof(AfterOptional)));

    Target Notify => _ => _
        .TriggeredBy(AfterOptional)
        .Executes(() => Ran(nameof(Notify)));

    Target Consumer => _ => _
        .DependsOn(Optional)
        .Inputs(_ => TargetInputs.None.Upstream(Optional, "model"))
        .Executes(() => Ran(nameof(Consumer)));
}
