namespace Pipeline.Protocol.Rest;

/// <summary>A receiver's check of tensor <paramref name="index"/> against what it accepts, before the data is read; adds problems and returns false when it does not fit.</summary>
public delegate bool TensorCheck(int index, string name, string datatype, long[] shape, List<FieldProblem> problems);
