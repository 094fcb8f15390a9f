using Pipeline.Build;

namespace Pipeline.Ci.Reporting;

/// <summary>What CI reporting needs from the build: where reports go, which targets are gates, and the GitHub parameters.</summary>
public sealed record CiReportingOptions
{
    public required string RootDirectory { get; init; }
    public required string RunId { get; init; }

    /// <summary>Targets whose commit status turns pending when they start (every verdict gets a final status regardless).</summary>
    public IReadOnlyCollection<string> Gates { get; init; } = [];

    /// <summary><c>name=Target/output</c> or <c>name=Target</c>, e.g. <c>model-digest=Train/model</c>.</summary>
    public IReadOnlyList<string> StepOutputs { get; init; } = [];

    /// <summary>Reads an artifact's text from the store (for <c>#property</c> step outputs); null when absent.</summary>
    public Func<ArtifactRef, string?>? ReadArtifact { get; init; }

    public string? GitHubToken { get; init; }
    public string? GitHubRepository { get; init; }
    public string? GitHubSha { get; init; }
    public string? GitHubApiUrl { get; init; }

    /// <summary>true: post statuses (needs token, repository, sha); false: never; null: in GitHub Actions pull-request builds.</summary>
    public bool? StatusChecks { get; init; }

    public string StatusContextPrefix { get; init; } = "pipeline/";

    /// <summary><c>.artifacts/reports/&lt;run-id&gt;/</c>.</summary>
    public string ReportDirectory => Path.Combine(RootDirectory, ".artifacts", "reports", RunId);
}
