namespace Pipeline.Protocol.Rest;

/// <summary>A message read from the wire, or every problem found in it.</summary>
public sealed record Decoded<T> where T : class
{
    public T? Value { get; init; }
    public IReadOnlyList<FieldProblem> Problems { get; init; } = [];
    public bool Ok => Value is not null && Problems.Count == 0;

    public static Decoded<T> Fail(string field, string problem) => new() { Problems = [new FieldProblem(field, problem)] };
    public static Decoded<T> Fail(IReadOnlyList<FieldProblem> problems) => new() { Problems = problems };
}
