namespace Pipeline.Ci.Reporting;

/// <summary>When gates post GitHub commit statuses.</summary>
public enum StatusChecksMode
{
    /// <summary>In GitHub Actions pull-request builds only.</summary>
    Auto,

    /// <summary>Always (needs a token, repository and commit, e.g. from parameters in Azure Pipelines or locally).</summary>
    On,

    Off,
}
