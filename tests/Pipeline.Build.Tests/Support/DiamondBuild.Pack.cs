namespace Pipeline.Build.Tests.Support;

public sealed partial class DiamondBuild
{
    Target Pack => _ => _
        .Description("Pack")
        .DependsOn(Compile, Lint)
        .Triggers(Announce)
        .Executes(() => Ran(nameof(Pack)));

    internal Target Docs => _ => _
        .Description("Docs (ordering only: after Pack when both run)")
        .After(Pack)
        .Executes(() => Ran(nameof(Docs)));

    Target Announce => _ => _
        .Description("Triggered by Pack")
        .Executes(() => Ran(nameof(Announce)));
}
