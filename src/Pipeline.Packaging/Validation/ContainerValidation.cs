using Pipeline.Core.Verdicts;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Validation;

/// <summary>Outcome of validating an image in a container: the verdict with every check and the container's last log lines.</summary>
public sealed record ContainerValidation
{
    public required Verdict Verdict { get; init; }

    /// <summary>False when no engine answered and validation was skipped (the verdict says so).</summary>
    public required bool Ran { get; init; }

    public IReadOnlyList<LogLine> Logs { get; init; } = [];

    /// <summary>Seconds from start to the first ready answer, when it became ready.</summary>
    public double? ReadySeconds { get; init; }
}
