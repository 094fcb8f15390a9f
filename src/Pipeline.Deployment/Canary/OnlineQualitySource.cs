namespace Pipeline.Deployment.Canary;

/// <summary>Where the controller finds labelled answers, and which versions sit in the stable and candidate seats.</summary>
public sealed record OnlineQualitySource(OnlineQualityLog Answers, string StableVersion, string CandidateVersion);
