namespace Pipeline.Serving.Protocol;

/// <summary>One problem with a request: the JSON path of the field and what is wrong with it, including how to fix it.</summary>
public sealed record FieldError(string Field, string Problem);
