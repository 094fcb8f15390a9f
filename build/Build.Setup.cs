using Pipeline.Build;
using Pipeline.Build.Tools;

partial class Build
{
    string InstallScriptsDirectory => Path.Combine(RootDirectory, ".ci", "install");

    Target Setup => _ => _
        .Description("Install what the tests need: runs .ci/install/*.sh in name order (Linux; each script is idempotent)")
        .Executes(ctx => SetupScripts.Run(InstallScriptsDirectory, ctx.CancellationToken));
}
