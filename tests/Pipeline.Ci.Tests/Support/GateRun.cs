using Pipeline.Build;

namespace Pipeline.Ci.Tests.Support;

/// <summary>Runs <see cref="GateBuild"/> in-process with captured output, a fixed clock and seeded randomness.</summary>
public static class GateRun
{
    private static readonly Lock Serial = new();

    public static (BuildResult Result, string Out, string Error) Run(TempFolder root, GateBuild.Scenario scenario, params string[] arguments)
    {
        // The engine creates the build object, so the scenario is static; runs are serialised.
        lock (Serial)
        {
            GateBuild.Current = scenario;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var result = BuildHost.Run<GateBuild>(new BuildInvocation
            {
                Arguments = arguments,
                RootDirectory = root.Path,
                Environment = scenario.Environment,
                Out = stdout,
                Error = stderr,
                Time = new FixedTimeProvider(Fixtures.Now),
                Random = new Random(7),
                ReadGit = false,
            });
            return (result, stdout.ToString(), stderr.ToString());
        }
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
