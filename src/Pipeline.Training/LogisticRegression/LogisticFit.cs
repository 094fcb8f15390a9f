namespace Pipeline.Training.LogisticRegression;

/// <summary>Fitted coefficients (on the design matrix) and how the optimiser got there.</summary>
public sealed record LogisticFit
{
    public required double[] Weights { get; init; }
    public required double Intercept { get; init; }
    public required int Iterations { get; init; }
    public required bool Converged { get; init; }

    /// <summary>Mean training log loss at the solution (without the penalty).</summary>
    public required double TrainingLogLoss { get; init; }
}
