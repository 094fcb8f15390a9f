namespace Pipeline.Protocol.Rest;

/// <summary>One thing wrong with a message: the JSON path of the field and what is wrong, with the fix.</summary>
public readonly record struct FieldProblem(string Field, string Problem);
