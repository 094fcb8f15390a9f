namespace Pipeline.Core.Monitoring;

/// <summary>A true outcome kept with the version that answered the prediction it belongs to.</summary>
public sealed record FeedbackRecord
{
    public required string Id { get; init; }
    /// <summary>The true outcome: 0/1 (binary), the class index (multiclass) or the value (regression).</summary>
    public required double Label { get; init; }
    public required DateTimeOffset At { get; init; }
    public required DateTimeOffset PredictedAt { get; init; }
    public required string Version { get; init; }
    public required string Variant { get; init; }
    public required double Score { get; init; }
}
