using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Scoring;

/// <summary>How one model input is filled from feature columns: the columns, the element type and the rank to send.</summary>
internal sealed record InputFeed(string InputName, IReadOnlyList<string> Columns, bool Categorical, TensorElementType ElementType, int Rank)
{
    public int Width => Categorical ? 1 : Columns.Count;
}
