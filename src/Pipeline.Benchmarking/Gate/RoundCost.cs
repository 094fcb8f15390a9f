namespace Pipeline.Benchmarking.Gate;

/// <summary>
/// One alternating round: server CPU (user + system, from /proc) and requests answered by the candidate and by the champion
/// over the same phases, measured back to back. The round, not the request, is the unit of the cost comparison.
/// </summary>
public sealed record RoundCost
{
    public required int Round { get; init; }

    /// <summary>Whether the candidate ran first in this round's first phase (the order flips every phase and every round).</summary>
    public required bool CandidateFirst { get; init; }
    public required double CandidateCpuMicroseconds { get; init; }
    public required long CandidateRequests { get; init; }
    public required double ChampionCpuMicroseconds { get; init; }
    public required long ChampionRequests { get; init; }

    public double CandidateMicrosecondsPerRequest => CandidateCpuMicroseconds / Math.Max(1, CandidateRequests);
    public double ChampionMicrosecondsPerRequest => ChampionCpuMicroseconds / Math.Max(1, ChampionRequests);

    /// <summary>ln(candidate CPU per request / champion CPU per request); 0 means the same cost.</summary>
    public double LogRatio => Math.Log(Math.Max(1e-3, CandidateMicrosecondsPerRequest) / Math.Max(1e-3, ChampionMicrosecondsPerRequest));
}
