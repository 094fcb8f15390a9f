namespace Pipeline.Core.Models;

/// <summary>What a model predicts: the <c>task</c> of model.yaml, which decides its outputs, metrics, served answer and judged shift.</summary>
public enum ModelTask
{
    /// <summary>A positive-class probability in [0, 1] from a 0/1 label.</summary>
    Binary,

    /// <summary>Probabilities of K classes (labels 0..K-1) summing to 1; the served score is the predicted class.</summary>
    Multiclass,

    /// <summary>A real value in the label's units.</summary>
    Regression,
}

/// <summary>Names of <see cref="ModelTask"/> as written in model.yaml.</summary>
public static class ModelTasks
{
    public const string Binary = "binary";
    public const string Multiclass = "multiclass";
    public const string Regression = "regression";

    public static bool TryParse(string? text, out ModelTask task)
    {
        switch (text)
        {
            case null or "" or Binary: task = ModelTask.Binary; return true;
            case Multiclass: task = ModelTask.Multiclass; return true;
            case Regression: task = ModelTask.Regression; return true;
            default: task = ModelTask.Binary; return false;
        }
    }

    public static string Name(this ModelTask task) => task switch
    {
        ModelTask.Multiclass => Multiclass,
        ModelTask.Regression => Regression,
        _ => Binary,
    };
}
