namespace Pipeline.Deployment.Judge;

/// <summary>One canary step as planned from the observed traffic: its weight (raised when the policy allows), the evidence it needs and how long that takes.</summary>
public sealed record PlannedStep
{
    /// <summary>The step's weight in the policy, and the weight it runs at (higher only when raised within <see cref="JudgeSettings.MaxStepWeight"/>).</summary>
    public required double PolicyWeight { get; init; }
    public required double Weight { get; init; }

    /// <summary>Canary requests per second at <see cref="Weight"/>.</summary>
    public required double CanaryRate { get; init; }

    /// <summary>Canary requests the step must see before it can pass (the policy's minimum).</summary>
    public required long MinimumRequests { get; init; }

    /// <summary>Expected canary requests until every sequential test accepts an identical canary (Wald's approximation).</summary>
    public required double AcceptRequests { get; init; }

    /// <summary>Expected canary requests until the error-rate test rejects a canary at the detectable effect.</summary>
    public required double DetectRequests { get; init; }

    /// <summary>Expected seconds to pass for an identical canary: its minimum requests, then the tests' acceptance or (except on the last step) the step's nominal maximum, whichever comes first.</summary>
    public required double ExpectedSeconds { get; init; }

    /// <summary>How long the step runs when nothing is decided: until its minimum requests, at least its nominal maximum; the last step
    /// until the budget runs out (+∞ here).</summary>
    public required double WindowSeconds { get; init; }

    public bool Raised => Weight > PolicyWeight;
}
