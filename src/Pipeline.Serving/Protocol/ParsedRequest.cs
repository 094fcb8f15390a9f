using Pipeline.Core.Features;

namespace Pipeline.Serving.Protocol;

/// <summary>A request read into model rows, or the complete list of what is wrong with it.</summary>
public sealed record ParsedRequest
{
    public FeatureBatch? Batch { get; init; }
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>The client's request id for the V2 <c>id</c> field, echoed in the response.</summary>
    public string? Id { get; init; }

    /// <summary>The decoded v2 request (which outputs, in binary or not); null for V1.</summary>
    public Pipeline.Protocol.Rest.InferRequest? Request { get; init; }

    public bool Ok => Errors.Count == 0 && Batch is not null;

    public static ParsedRequest Fail(IReadOnlyList<FieldError> errors) => new() { Errors = errors };
    public static ParsedRequest Fail(string field, string problem) => new() { Errors = [new FieldError(field, problem)] };
}
