namespace Pipeline.Core.Models;

/// <summary>After promotion: the prediction log, outcome feedback, what the Monitor target judges, who it tells, and what a breach does.</summary>
public sealed record MonitoringPolicy
{
    /// <summary>Share of answered rows the servers write to their prediction log, in [0, 1].</summary>
    public double SampleRate { get; init; } = 1.0;

    /// <summary>Size of one prediction-log file before it is rotated, in megabytes.</summary>
    public double RotateMegabytes { get; init; } = 16;

    /// <summary>Rotated files kept per server; the oldest is deleted beyond it (the log's size bound is files × rotateMegabytes).</summary>
    public int MaxFiles { get; init; } = 8;

    /// <summary>Feedback arriving later than this after the prediction is refused as late.</summary>
    public double FeedbackWindowHours { get; init; } = 24 * 30;

    /// <summary>Fewest logged rows the Monitor needs before it judges drift (fewer: the drift checks are informational).</summary>
    public int MinRows { get; init; } = 200;

    /// <summary>Fewest rows with outcomes (binary: and at least one of each class) before live quality is judged.</summary>
    public int MinFeedback { get; init; } = 200;

    /// <summary>Largest drop of live ROC AUC below EvaluateGate's holdout AUC; a breach when the whole confidence interval is below it.</summary>
    public double MaxAucDrop { get; init; } = 0.05;

    /// <summary>Multiclass: largest drop of live accuracy below the holdout accuracy; a breach when the whole Wilson interval is below it.</summary>
    public double MaxAccuracyDrop { get; init; } = 0.05;

    /// <summary>Regression: largest relative increase of live RMSE over the holdout RMSE; a breach when the whole interval is above it.</summary>
    public double MaxRmseIncrease { get; init; } = 0.25;

    /// <summary>Largest PSI between live scores and the accepted model's holdout scores.</summary>
    public double MaxScorePsi { get; init; } = 0.25;

    /// <summary>Confidence level of the live-quality intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary><c>alert</c> (default) or <c>retrain</c>: build a new dataset version and run the graph on it.</summary>
    public string OnBreach { get; init; } = "alert";

    /// <summary>Where a breach is reported; none when null.</summary>
    public WebhookTarget? Webhook { get; init; }
}

/// <summary>A webhook the Monitor posts a breach to: <c>generic</c> JSON or a <c>slack</c>-compatible body.</summary>
public sealed record WebhookTarget
{
    public string Url { get; init; } = "";

    public string Format { get; init; } = "generic";

    /// <summary>Who reads this webhook, as the verdict names it (e.g. "#fraud-oncall").</summary>
    public string? Name { get; init; }
}
