namespace Pipeline.Benchmarking.Servers;

/// <summary>The server process did not become ready; carries the tail of its output.</summary>
public sealed class ServerStartException(ServerLaunch launch, string problem, IReadOnlyList<string> output)
    : Exception($"{launch.Label} server ({launch.FileName} {string.Join(' ', launch.Arguments)}) {problem}. Last output:{Environment.NewLine}" +
                string.Join(Environment.NewLine, output.TakeLast(20)))
{
    public IReadOnlyList<string> Output { get; } = output;
}
