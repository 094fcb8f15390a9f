namespace Pipeline.Build.Tests.Support;

/// <summary>Two targets whose names differ only in case.</summary>
public sealed class DuplicateBuild : RecordingBuild
{
    Target Deploy => _ => _.Executes(() => Ran(nameof(Deploy)));

#pragma warning disable IDE1006 // the lower-case name is the point of this test build
    Target deploy => _ => _.Executes(() => Ran(nameof(deploy)));
#pragma warning restore IDE1006
}
