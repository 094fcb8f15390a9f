namespace Pipeline.Serving.Batching;

/// <summary>The model raised an error while scoring a batch that had passed input validation.</summary>
public sealed class ModelFailedException(int rows, Exception inner)
    : Exception($"the model failed while scoring a batch of {rows} rows: {inner.Message}", inner)
{
    public int Rows { get; } = rows;
}
