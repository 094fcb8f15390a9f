using System.Globalization;

namespace Pipeline.Training.LogisticRegression;

/// <summary>Hyperparameters of the built-in L2 logistic regression (model.yaml <c>source.hyperparameters</c>).</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>L2 penalty λ on the weights (not the intercept): objective = Σ log-loss + λ/2·‖w‖².</summary>
    public double L2 { get; init; } = 1.0;

    public int MaxIterations { get; init; } = 100;

    /// <summary>Convergence: stop when the Newton decrement/2 falls below this.</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Recorded in the model metadata; the Newton fit itself is deterministic and draws no random numbers.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Categories seen fewer times in training are encoded like unseen ones.</summary>
    public int MinCategoryCount { get; init; } = 5;

    /// <summary>Add a 0/1 "was missing" feature for numeric columns with missing values.</summary>
    public bool MissingIndicators { get; init; } = true;

    private static readonly string[] Known = ["l2", "maxIterations", "tolerance", "seed", "minCategoryCount", "missingIndicators"];

    /// <summary>Reads hyperparameters by name; unknown names and unparsable values are errors that say the fix.</summary>
    public static LogisticRegressionOptions Parse(IReadOnlyDictionary<string, string> hyperparameters)
    {
        var errors = new List<string>();
        var o = new LogisticRegressionOptions();
        foreach (var (key, value) in hyperparameters)
        {
            switch (key)
            {
                case "l2": o = o with { L2 = Number(key, value, errors, v => v >= 0, ">= 0") }; break;
                case "maxIterations": o = o with { MaxIterations = (int)Number(key, value, errors, v => v >= 1 && v == Math.Floor(v), "a whole number >= 1") }; break;
                case "tolerance": o = o with { Tolerance = Number(key, value, errors, v => v > 0, "> 0") }; break;
                case "seed": o = o with { Seed = (int)Number(key, value, errors, v => v == Math.Floor(v), "a whole number") }; break;
                case "minCategoryCount": o = o with { MinCategoryCount = (int)Number(key, value, errors, v => v >= 1 && v == Math.Floor(v), "a whole number >= 1") }; break;
                case "missingIndicators":
                    if (bool.TryParse(value, out var b)) o = o with { MissingIndicators = b };
                    else errors.Add($"source.hyperparameters.missingIndicators: \"{value}\" is not true/false");
                    break;
                default:
                    errors.Add($"source.hyperparameters.{key}: unknown for trainer logistic-regression; known: {string.Join(", ", Known)}");
                    break;
            }
        }
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors));
        return o;
    }

    /// <summary>Canonical name=value pairs (sorted, invariant culture): what goes into the model metadata and the input fingerprint.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToCanonical() =>
    [
        new("l2", L2.ToString("R", CultureInfo.InvariantCulture)),
        new("maxIterations", MaxIterations.ToString(CultureInfo.InvariantCulture)),
        new("minCategoryCount", MinCategoryCount.ToString(CultureInfo.InvariantCulture)),
        new("missingIndicators", MissingIndicators ? "true" : "false"),
        new("seed", Seed.ToString(CultureInfo.InvariantCulture)),
        new("tolerance", Tolerance.ToString("R", CultureInfo.InvariantCulture)),
    ];

    private static double Number(string key, string value, List<string> errors, Func<double, bool> valid, string rule)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && valid(v)) return v;
        errors.Add($"source.hyperparameters.{key}: \"{value}\" must be {rule}");
        return 0;
    }
}
