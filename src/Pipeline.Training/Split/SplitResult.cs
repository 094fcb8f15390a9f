namespace Pipeline.Training.Split;

/// <summary>Row indices (ascending) of the training part and the holdout part of a dataset.</summary>
public sealed record SplitResult(int[] Train, int[] Holdout)
{
    /// <summary>Short human description, e.g. "hash(transaction_id): 45012 train / 14988 holdout".</summary>
    public string Description { get; init; } = "";
}
