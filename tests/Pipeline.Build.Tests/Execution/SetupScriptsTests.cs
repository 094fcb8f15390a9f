using Pipeline.Build.Tests.Support;
using Pipeline.Build.Tools;

namespace Pipeline.Build.Tests.Execution;

public sealed class SetupScriptsTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Run_Scripts_InNameOrderWithBash()
    {
        var log = Path.Combine(_root.Path, "order.log");
        _root.File(".ci/install/20-b.sh", $"set -euo pipefail\necho b >> '{log}'\n");
        _root.File(".ci/install/10-a.sh", $"set -euo pipefail\necho a >> '{log}'\n");
        _root.File(".ci/install/README.md", "not a script");

        SetupScripts.Run(Path.Combine(_root.Path, ".ci", "install"));

        Assert.Equal("a\nb\n", File.ReadAllText(log));
    }

    [Fact]
    public void Run_ScriptFails_ThrowsNamingTheScript()
    {
        _root.File(".ci/install/10-broken.sh", "exit 3\n");

        var error = Assert.Throws<InvalidOperationException>(() => SetupScripts.Run(Path.Combine(_root.Path, ".ci", "install")));

        Assert.Contains("Install script 10-broken.sh exited with code 3", error.Message);
    }
}
