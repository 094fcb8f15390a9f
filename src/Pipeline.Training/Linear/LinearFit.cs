namespace Pipeline.Training.Linear;

/// <summary>Coefficients of a linear head over the design matrix: <c>Weights[k][j]</c> and <c>Intercepts[k]</c> for each of K outputs.</summary>
public sealed record LinearFit
{
    public required double[][] Weights { get; init; }
    public required double[] Intercepts { get; init; }
    public required int Iterations { get; init; }
    public required bool Converged { get; init; }

    /// <summary>Training loss: mean log loss (multinomial) or mean squared error (ridge).</summary>
    public required double TrainingLoss { get; init; }
}
